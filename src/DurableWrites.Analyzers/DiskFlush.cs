using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace DurableWrites.Analyzers;

/// <summary>
/// The calls that flush a file's data to the device, and the forms a stream's descriptor takes when handed to them.
/// DUR001 follows a FileStream and DUR004 a StreamWriter's BaseStream: both must agree on what counts as a flush.
/// </summary>
internal static class DiskFlush
{
    /// <summary><c>Flush(true)</c>: a Flush whose one argument is the constant true.</summary>
    public static bool IsFlushTrue(IInvocationOperation invocation) =>
        invocation.TargetMethod.Name == "Flush" && invocation.Arguments.Length == 1 && invocation.Arguments[0].Value.ConstantValue is { HasValue: true, Value: true };

    /// <summary>
    /// A call that flushes the stream or descriptor passed to it: RandomAccess.FlushToDisk, libc's fsync or fdatasync
    /// (imported, or through Mono.Posix or Tmds.LibC), FlushFileBuffers, or a method listed in <c>sync_methods</c>.
    /// </summary>
    public static bool IsFlushToDisk(IMethodSymbol method, KnownSymbols symbols, DurableWritesOptions options)
    {
        if (method.Name == "FlushToDisk" && KnownSymbols.Is(method.ContainingType, symbols.RandomAccess)
            || method.Name is "fsync" or "fdatasync" && (KnownSymbols.Is(method.ContainingType, symbols.MonoSyscall) || KnownSymbols.Is(method.ContainingType, symbols.TmdsLibC))
            || NativeImport.IsFileFlush(method, symbols))
        {
            return true;
        }

        if (options.SyncMethods.IsEmpty || method.ContainingType is null)
        {
            return false;
        }

        string qualified = method.ContainingType.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat) + "." + method.Name;
        return DurableWritesOptions.MatchesQualifiedName(options.SyncMethods, method.Name, qualified);
    }

    /// <summary>
    /// The FileStream whose descriptor <paramref name="operation"/> is: <c>fs.SafeFileHandle</c>, <c>fs.Handle</c>,
    /// <c>fs.SafeFileHandle.DangerousGetHandle()</c>, and their casts (<c>(int)…</c>, <c>.ToInt32()</c>). Otherwise null,
    /// with <paramref name="unwrapped"/> the operation left once the casts and handle calls are stripped.
    /// </summary>
    public static IOperation? FileStreamOfHandle(IOperation operation, KnownSymbols symbols, out IOperation unwrapped)
    {
        while (true)
        {
            operation = FileOperationClassifier.WithoutConversions(operation)!;
            switch (operation)
            {
                case IInvocationOperation { Instance: { } instance, Arguments.IsEmpty: true, TargetMethod.Name: "DangerousGetHandle" or "ToInt32" or "ToInt64" }:
                    operation = instance;
                    continue;
                case IPropertyReferenceOperation { Instance: { } owner, Property.Name: "SafeFileHandle" or "Handle" }
                    when KnownSymbols.DerivesFrom(owner.Type, symbols.FileStream):
                    unwrapped = operation;
                    return owner;
                default:
                    unwrapped = operation;
                    return null;
            }
        }
    }
}
