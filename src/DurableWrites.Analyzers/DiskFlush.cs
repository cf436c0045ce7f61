using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
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
    /// True when the call flushes to disk what it is given as <paramref name="argument"/>: every argument of a call
    /// <see cref="IsFlushToDisk"/> accepts (<paramref name="callFlushesToDisk"/>, decided once per call), or the one
    /// parameter the project's own helper flushes (<see cref="FlushesParameter"/>).
    /// </summary>
    public static bool FlushesArgument(IInvocationOperation invocation, IArgumentOperation argument, bool callFlushesToDisk, KnownSymbols symbols, CancellationToken cancellationToken) =>
        callFlushesToDisk || argument.Parameter is { } parameter && FlushesParameter(invocation.TargetMethod, parameter.Ordinal, symbols, cancellationToken);

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

    /// <summary>
    /// True when <paramref name="method"/> is written in this compilation and its own body flushes to disk what it gets
    /// as parameter <paramref name="ordinal"/>: <c>stream.Flush(true)</c>, or a FlushToDisk, fsync, fdatasync or
    /// FlushFileBuffers call whose argument names the parameter (<c>fsync(stream.SafeFileHandle…)</c>). A project's
    /// own <c>Fsync(FileStream stream)</c> helper then counts as a flush at its call, without being listed in
    /// <c>sync_methods</c>. The body is read as syntax, one level deep: the flow analysis stays inside one method.
    /// </summary>
    public static bool FlushesParameter(IMethodSymbol method, int ordinal, KnownSymbols symbols, CancellationToken cancellationToken)
    {
        if (ordinal >= 64 || method.DeclaringSyntaxReferences.IsEmpty)
        {
            return false;
        }

        IMethodSymbol definition = method.OriginalDefinition;
        if (!symbols.FlushedParameters.TryGetValue(definition, out ulong flushed))
        {
            flushed = FlushedParameterMask(definition, cancellationToken);
            symbols.FlushedParameters.TryAdd(definition, flushed);
        }

        return (flushed & (1UL << ordinal)) != 0;
    }

    private static ulong FlushedParameterMask(IMethodSymbol method, CancellationToken cancellationToken)
    {
        ulong mask = 0;
        foreach (SyntaxNode body in Bodies(method, cancellationToken))
        {
            List<InvocationExpressionSyntax> calls = body.DescendantNodes().OfType<InvocationExpressionSyntax>().ToList();
            for (int i = 0; i < method.Parameters.Length && i < 64; i++)
            {
                HashSet<string> names = NamesOf(method.Parameters[i].Name, body);
                if (calls.Any(call => FlushesOneOf(call, names)))
                {
                    mask |= 1UL << i;
                }
            }
        }

        return mask;
    }

    /// <summary>
    /// The parameter's name and the locals that hold it or its descriptor: <c>var file = (FileStream)stream;</c>,
    /// <c>stream is FileStream file</c>, <c>int fd = (int)stream.SafeFileHandle.DangerousGetHandle();</c>.
    /// </summary>
    private static HashSet<string> NamesOf(string parameter, SyntaxNode body)
    {
        var names = new HashSet<string>(StringComparer.Ordinal) { parameter };
        foreach (SyntaxNode node in body.DescendantNodes())
        {
            switch (node)
            {
                case VariableDeclaratorSyntax { Initializer.Value: { } value } declarator when IsOneOf(value, names):
                    names.Add(declarator.Identifier.ValueText);
                    break;
                case IsPatternExpressionSyntax { Pattern: DeclarationPatternSyntax { Designation: SingleVariableDesignationSyntax variable } } pattern
                    when IsOneOf(pattern.Expression, names):
                    names.Add(variable.Identifier.ValueText);
                    break;
            }
        }

        return names;
    }

    /// <summary>True when <paramref name="expression"/> is one of <paramref name="names"/>, cast or not, or its descriptor (<c>.SafeFileHandle</c>, <c>.Handle</c>, <c>.DangerousGetHandle()</c>).</summary>
    private static bool IsOneOf(ExpressionSyntax expression, HashSet<string> names)
    {
        while (true)
        {
            expression = WithoutCasts(expression);
            switch (expression)
            {
                case IdentifierNameSyntax identifier:
                    return names.Contains(identifier.Identifier.ValueText);
                case MemberAccessExpressionSyntax { Name.Identifier.ValueText: "SafeFileHandle" or "Handle" } access:
                    expression = access.Expression;
                    break;
                case InvocationExpressionSyntax { ArgumentList.Arguments.Count: 0, Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "DangerousGetHandle" or "ToInt32" or "ToInt64" } access }:
                    expression = access.Expression;
                    break;
                default:
                    return false;
            }
        }
    }

    private static bool FlushesOneOf(InvocationExpressionSyntax call, HashSet<string> names)
    {
        switch (call.Expression)
        {
            case MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Flush" } access:
                return call.ArgumentList.Arguments.Count == 1
                    && call.ArgumentList.Arguments[0].Expression.IsKind(SyntaxKind.TrueLiteralExpression)
                    && IsOneOf(access.Expression, names);
            default:
                return IsDescriptorFlush(call) && call.ArgumentList.Arguments.Any(argument => argument.Expression.DescendantNodesAndSelf()
                    .OfType<IdentifierNameSyntax>().Any(identifier => names.Contains(identifier.Identifier.ValueText)));
        }
    }

    /// <summary>
    /// True when <paramref name="method"/> is written in this compilation and its own body flushes a directory it opens:
    /// it calls fsync, fdatasync, FlushFileBuffers or FlushToDisk, and opens with <c>O_DIRECTORY</c> or
    /// <c>FILE_FLAG_BACKUP_SEMANTICS</c> (by name, or Linux's and macOS's values, Windows' value), or opens what its
    /// names say is a directory (see <see cref="OpensADirectory"/>). A call to it after a
    /// create or rename then counts as a directory sync for DUR002, as a <c>sync_methods</c> entry would.
    /// </summary>
    public static bool SyncsDirectory(IMethodSymbol method, KnownSymbols symbols, CancellationToken cancellationToken)
    {
        if (method.DeclaringSyntaxReferences.IsEmpty)
        {
            return false;
        }

        IMethodSymbol definition = method.OriginalDefinition;
        if (!symbols.DirectorySyncHelpers.TryGetValue(definition, out bool syncs))
        {
            syncs = Bodies(definition, cancellationToken).Any(body => FlushesADirectory(body) || InactiveCode(body) is { } inactive && FlushesADirectory(inactive));
            symbols.DirectorySyncHelpers.TryAdd(definition, syncs);
        }

        return syncs;
    }

    private static bool FlushesADirectory(SyntaxNode body) =>
        body.DescendantNodes().OfType<InvocationExpressionSyntax>().Any(IsDescriptorFlush)
        && body.DescendantNodes().Any(node => IsDirectoryOpenFlag(node) || node is InvocationExpressionSyntax call && OpensADirectory(call));

    /// <summary>
    /// The code of the body's inactive <c>#if</c> branches, parsed as one block, or null when it has none: a helper that
    /// flushes the directory only <c>#if UNIX</c> (Windows has no directory flush) is a directory sync in every build.
    /// </summary>
    private static SyntaxNode? InactiveCode(SyntaxNode body)
    {
        if (!body.ContainsDirectives)
        {
            return null;
        }

        var text = new System.Text.StringBuilder("{");
        foreach (SyntaxTrivia trivia in body.DescendantTrivia())
        {
            if (trivia.IsKind(SyntaxKind.DisabledTextTrivia))
            {
                text.AppendLine().Append(trivia.ToString());
            }
        }

        return text.Length == 1 ? null : SyntaxFactory.ParseStatement(text.Append("\n}").ToString());
    }

    private static IEnumerable<SyntaxNode> Bodies(IMethodSymbol method, CancellationToken cancellationToken)
    {
        foreach (SyntaxReference reference in method.DeclaringSyntaxReferences)
        {
            SyntaxNode? body = reference.GetSyntax(cancellationToken) switch
            {
                BaseMethodDeclarationSyntax declaration => (SyntaxNode?)declaration.Body ?? declaration.ExpressionBody,
                LocalFunctionStatementSyntax local => (SyntaxNode?)local.Body ?? local.ExpressionBody,
                _ => null,
            };
            if (body is not null)
            {
                yield return body;
            }
        }
    }

    /// <summary>A call by the name of a descriptor flush, whatever binds it: <c>fsync(fd)</c>, <c>Syscall.fsync(fd)</c>, <c>Fsync(fd)</c>, <c>RandomAccess.FlushToDisk(handle)</c>.</summary>
    private static bool IsDescriptorFlush(InvocationExpressionSyntax call)
    {
        string? name = InvokedName(call);
        return name is not null && (name.Equals("fsync", StringComparison.OrdinalIgnoreCase) || name.Equals("fdatasync", StringComparison.OrdinalIgnoreCase)
            || name is "FlushToDisk" or "FlushFileBuffers");
    }

    /// <summary>
    /// <c>O_DIRECTORY</c> or <c>FILE_FLAG_BACKUP_SEMANTICS</c> by name, or by value (Linux x64 and arm64, macOS,
    /// Windows) inside the arguments of an <c>open</c>, <c>openat</c> or <c>CreateFile</c> call, where a number
    /// cannot be a buffer size.
    /// </summary>
    private static bool IsDirectoryOpenFlag(SyntaxNode node) => node switch
    {
        IdentifierNameSyntax identifier => identifier.Identifier.ValueText is "O_DIRECTORY" or "FILE_FLAG_BACKUP_SEMANTICS",
        VariableDeclaratorSyntax declarator => declarator.Identifier.ValueText is "O_DIRECTORY" or "FILE_FLAG_BACKUP_SEMANTICS",
        LiteralExpressionSyntax { Token.Value: int value } literal => value is 0x10000 or 0x4000 or 0x100000 or 0x02000000 && IsOpenArgument(literal),
        _ => false,
    };

    /// <summary>
    /// A call whose names say it opens a directory, whatever its flags (a directory opens read-only without
    /// <c>O_DIRECTORY</c>): an open by a directory's name (<c>OpenDirectory(path, 0)</c>, <c>opendir</c>), or <c>open</c>
    /// or <c>openat</c> given a directory's name (<c>open(dir, 0)</c>, <c>open(Path.GetDirectoryName(path), O_RDONLY)</c>).
    /// Not CreateFile: Windows opens a directory only with FILE_FLAG_BACKUP_SEMANTICS, which the flag check sees.
    /// </summary>
    private static bool OpensADirectory(InvocationExpressionSyntax call)
    {
        string? name = InvokedName(call);
        if (name is null || name.IndexOf("open", StringComparison.OrdinalIgnoreCase) < 0)
        {
            return false;
        }

        if (NamesADirectory(name))
        {
            return true;
        }

        // A P/Invoke wrapper is often named as C# names methods (Open, OpenAt) and its flags as C# names constants
        // (OpenFlags.Directory, NativeMethods.OpenDirectory): the path and the flags are read from its arguments.
        int pathIndex = OpenPathIndex(name);
        if (pathIndex < 0)
        {
            return false;
        }

        SeparatedSyntaxList<ArgumentSyntax> arguments = call.ArgumentList.Arguments;
        for (int i = pathIndex; i < arguments.Count; i++)
        {
            if (arguments[i].Expression.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>().Any(identifier => NamesADirectory(identifier.Identifier.ValueText)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Where <c>open</c> (0) and <c>openat</c> (1) take the path, in any case; -1 for any other name.</summary>
    private static int OpenPathIndex(string name) =>
        name.Equals("open", StringComparison.OrdinalIgnoreCase) ? 0 : name.Equals("openat", StringComparison.OrdinalIgnoreCase) ? 1 : -1;

    /// <summary>An identifier with a word that names a directory: <c>dir</c>, <c>parentDirectory</c>, <c>GetDirectoryName</c>, <c>folder_path</c>.</summary>
    private static bool NamesADirectory(string identifier) =>
        IdentifierWords.Contains(identifier, "dir", "dirs", "dirname", "opendir", "directory", "folder", "parent");

    private static bool IsOpenArgument(SyntaxNode literal) =>
        literal.FirstAncestorOrSelf<ArgumentListSyntax>()?.Parent is InvocationExpressionSyntax call
        && InvokedName(call) is { } name && (OpenPathIndex(name) >= 0 || name is "CreateFile" or "CreateFileW");

    private static string? InvokedName(InvocationExpressionSyntax call) => call.Expression switch
    {
        MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
        IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
        _ => null,
    };

    private static ExpressionSyntax WithoutCasts(ExpressionSyntax expression)
    {
        while (true)
        {
            switch (expression)
            {
                case ParenthesizedExpressionSyntax parenthesized:
                    expression = parenthesized.Expression;
                    break;
                case CastExpressionSyntax cast:
                    expression = cast.Expression;
                    break;
                case BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.AsExpression):
                    expression = binary.Left;
                    break;
                case PostfixUnaryExpressionSyntax postfix when postfix.IsKind(SyntaxKind.SuppressNullableWarningExpression):
                    expression = postfix.Operand;
                    break;
                default:
                    return expression;
            }
        }
    }
}
