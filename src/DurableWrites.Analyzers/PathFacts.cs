using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace DurableWrites.Analyzers;

/// <summary>What can be told about a path expression without running it: temporary or not, its shape, its text.</summary>
internal sealed class PathFacts
{
    /// <summary>Stands for a part of a path that is only known at run time, in <see cref="Shape"/>.</summary>
    private const char Unknown = '\u0001';
    private const int MaxDepth = 8;

    private readonly KnownSymbols _symbols;
    private readonly DurableWritesOptions _options;
    private readonly LocalValues _locals;

    public PathFacts(KnownSymbols symbols, DurableWritesOptions options, LocalValues locals)
    {
        _symbols = symbols;
        _options = options;
        _locals = locals;
    }

    /// <summary>
    /// True when writes to <paramref name="path"/> need not survive a crash: under the temporary directory
    /// (Path.GetTempPath, Path.GetTempFileName), or matching the project's non-durable paths or symbols.
    /// </summary>
    public bool IsNonDurable(IOperation? path)
    {
        if (path is null)
        {
            return false;
        }

        if (!_options.IncludeTempPaths && IsTemporary(path, 0))
        {
            return true;
        }

        string shape = Shape(path);
        if (IsOnPseudoOrMemoryFileSystem(shape) || IsProcessLifetimeFile(shape))
        {
            return true;
        }

        if (!_options.NonDurableSymbols.IsEmpty && ReferencesNonDurableSymbol(path, 0))
        {
            return true;
        }

        foreach (string pattern in _options.NonDurablePaths)
        {
            if (DurableWritesOptions.GlobMatch(pattern.Replace('\\', '/'), shape))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether a path's <see cref="Shape"/> is known to start under a directory that is not a disk-backed filesystem on
    /// Linux: the kernel's /proc and /sys (writing a setting: /sys/class/gpio/export, /proc/sys/vm/drop_caches), devices
    /// under /dev, the memory-backed /dev/shm and /run (also by its old names /var/run and /var/lock); and /tmp, the temporary directory itself, unless temporary paths
    /// are included.
    /// Windows: the device namespace (<c>\\.\pipe\name</c>, <c>\\.\COM3</c>) and the reserved device names
    /// (<c>NUL</c>, <c>CON</c>, <c>COM1</c>, …) written alone.
    /// There is nothing to flush, and the runtime's replace (a temporary file and a rename beside the target) cannot
    /// work in /proc, /sys or /dev, or on a device.
    /// </summary>
    private bool IsOnPseudoOrMemoryFileSystem(string shape)
    {
        foreach (string prefix in PseudoOrMemoryRoots)
        {
            if (shape.StartsWith(prefix, System.StringComparison.Ordinal))
            {
                return true;
            }
        }

        return IsWindowsDevice(shape) || !_options.IncludeTempPaths && shape.StartsWith("/tmp/", System.StringComparison.Ordinal);
    }

    private static readonly string[] PseudoOrMemoryRoots = { "/proc/", "/sys/", "/dev/", "/run/", "/var/run/", "/var/lock/", "//./" };

    /// <summary>
    /// A PID or lock file (<c>app.pid</c>, <c>.lck</c>): it describes a running process, which a crash ends, so nothing
    /// needs it afterwards (a stale one is in the way). <c>.lock</c> is not one: <c>packages.lock.json</c>, <c>yarn.lock</c> are data.
    /// </summary>
    private static bool IsProcessLifetimeFile(string shape) =>
        shape.EndsWith(".pid", System.StringComparison.OrdinalIgnoreCase) || shape.EndsWith(".lck", System.StringComparison.OrdinalIgnoreCase);

    private static readonly HashSet<string> WindowsDeviceNames = new(System.StringComparer.OrdinalIgnoreCase)
    {
        "NUL", "CON", "PRN", "AUX", "CONIN$", "CONOUT$",
        "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
        "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
    };

    private static readonly char[] DeviceNameEnd = { '.', ':' };

    /// <summary>A reserved device name alone, with or without an extension (<c>NUL</c>, <c>nul.txt</c>, <c>COM1:</c>).</summary>
    private static bool IsWindowsDevice(string shape)
    {
        int end = shape.IndexOfAny(DeviceNameEnd);
        return WindowsDeviceNames.Contains(end < 0 ? shape : shape.Substring(0, end));
    }

    /// <summary>
    /// Whether the path names itself a temporary file: its file name ends in <c>.tmp</c> or <c>.temp</c> (as far as
    /// constants tell it), or it is a variable, field or property named so (<c>tempPath</c>, <c>tmp</c>,
    /// <c>temporaryFile</c>). Such a file is written to be renamed, or thrown away.
    /// </summary>
    public bool NamesATemporaryFile(IOperation? path)
    {
        if (path is null)
        {
            return false;
        }

        IOperation named = FileOperationClassifier.WithoutConversions(path)!;
        if (named is IPropertyReferenceOperation { Property.Name: "FullName", Instance: { } info }
            && info.Type?.Name is "FileInfo" or "FileSystemInfo")
        {
            // tmpFile.FullName: the FileInfo's variable names the file.
            named = FileOperationClassifier.WithoutConversions(info)!;
        }

        if (ReferencedVariable(named) is { } variable
            && IdentifierWords.Contains(variable.Name, "tmp", "temp", "temporary"))
        {
            return true;
        }

        if (named is IParameterReferenceOperation { Parameter.ContainingSymbol: IMethodSymbol method }
            && IdentifierWords.Contains(method.Name, "tmp", "temp", "temporary"))
        {
            // WriteTemporaryFile(string path, …): the method's name says what its path parameter is.
            return true;
        }

        string shape = Shape(path);
        return shape.EndsWith(".tmp", StringComparison.OrdinalIgnoreCase) || shape.EndsWith(".temp", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Whether the path is a field or property of a type named for temporary files, or a parameter of its constructor
    /// (<c>class TempFile { string _path; … }</c>): the file such a type creates is one. What it moves or copies into
    /// place is not judged by this (<c>class TempWriter { … File.Move(TempPath, FinalPath); }</c>).
    /// </summary>
    public static bool BelongsToATemporaryFileType(IOperation? path)
    {
        ISymbol? member = FileOperationClassifier.WithoutConversions(path) switch
        {
            IFieldReferenceOperation field => field.Field,
            IPropertyReferenceOperation property => property.Property,
            IParameterReferenceOperation { Parameter.ContainingSymbol: IMethodSymbol { MethodKind: MethodKind.Constructor } constructor } => constructor,
            _ => null,
        };
        return member?.ContainingType is { } type && IdentifierWords.Contains(type.Name, "tmp", "temp", "temporary");
    }

    /// <summary>
    /// The path as far as constants tell it: literals and constant parts verbatim, Path.Combine as '/',
    /// locals followed to their one value, anything else an unknown segment that only <c>*</c> matches.
    /// </summary>
    public string Shape(IOperation path)
    {
        var builder = new StringBuilder();
        AppendShape(path, builder, 0);
        return builder.ToString().Replace('\\', '/');
    }

    /// <summary>The path expression as written, on one line, shortened for a message.</summary>
    public static string Display(IOperation? operation) => operation is null ? "?" : Display(operation.Syntax);

    public static string Display(SyntaxNode syntax)
    {
        var builder = new StringBuilder();
        bool space = false;
        foreach (char c in syntax.ToString())
        {
            if (char.IsWhiteSpace(c))
            {
                space = builder.Length > 0;
                continue;
            }

            if (space)
            {
                builder.Append(' ');
                space = false;
            }

            builder.Append(c);
        }

        return builder.Length > 80 ? builder.ToString(0, 77) + "..." : builder.ToString();
    }

    /// <summary>True when both expressions name the same path: the same local, parameter or member, or the same side-effect-free text.</summary>
    public static bool AreSame(IOperation? first, IOperation? second)
    {
        if (first is null || second is null)
        {
            return false;
        }

        first = WithoutFullName(FileOperationClassifier.Unwrap(first));
        second = WithoutFullName(FileOperationClassifier.Unwrap(second));
        switch (first, second)
        {
            case (ILocalReferenceOperation a, ILocalReferenceOperation b):
                return SymbolEqualityComparer.Default.Equals(a.Local, b.Local);
            case (IParameterReferenceOperation a, IParameterReferenceOperation b):
                return SymbolEqualityComparer.Default.Equals(a.Parameter, b.Parameter);
        }

        if (first.ConstantValue.HasValue && second.ConstantValue.HasValue)
        {
            return Equals(first.ConstantValue.Value, second.ConstantValue.Value);
        }

        return IsReEvaluable(first) && SyntaxFactory.AreEquivalent(first.Syntax, second.Syntax, topLevel: false);
    }

    /// <summary>
    /// Whether <paramref name="path"/> names something inside <paramref name="directory"/>: it is <c>Path.Combine(directory, …)</c>
    /// or <c>Path.Join(directory, …)</c>, at any depth, directly or through locals given one value.
    /// </summary>
    public bool IsUnder(IOperation path, IOperation directory)
    {
        IOperation current = FileOperationClassifier.Unwrap(path);
        for (int depth = 0; depth < MaxUnderDepth; depth++)
        {
            if (_locals.SingleValue(current) is { } value)
            {
                current = FileOperationClassifier.Unwrap(value);
                continue;
            }

            if (current is not IInvocationOperation { TargetMethod: { Name: "Combine" or "Join", ContainingType: var type }, Arguments: { Length: > 0 } arguments }
                || !KnownSymbols.Is(type, _symbols.Path))
            {
                return false;
            }

            // Path.Combine(a, b, c, d, e) passes one params array.
            IOperation first = arguments[0].Value is IArrayCreationOperation { Initializer.ElementValues: { Length: > 0 } elements } ? elements[0] : arguments[0].Value;
            if (arguments.Length == 1 && arguments[0].Value is not IArrayCreationOperation)
            {
                return false;
            }

            if (AreSame(first, directory))
            {
                return true;
            }

            current = FileOperationClassifier.Unwrap(first);
        }

        return false;
    }

    private const int MaxUnderDepth = 8;

    /// <summary><c>info.FullName</c> names the file <c>info</c> does: <c>tempFile.Open(…)</c> writes what <c>MoveFileEx(tempFile.FullName, …)</c> renames.</summary>
    private static IOperation WithoutFullName(IOperation path) =>
        path is IPropertyReferenceOperation { Property: { Name: "FullName", ContainingType.Name: "FileSystemInfo" or "IFileSystemInfo" }, Instance: { } info }
            ? FileOperationClassifier.Unwrap(info)
            : path;

    /// <summary>
    /// True when evaluating <paramref name="operation"/> again gives the same value and does nothing else:
    /// constants, locals, parameters, fields, properties, concatenation, interpolation and System.IO.Path helpers.
    /// </summary>
    public static bool IsReEvaluable(IOperation operation)
    {
        // Checked with a stack of its own, not by recursion: a concatenation can nest thousands deep.
        var pending = new Stack<IOperation>();
        pending.Push(operation);
        while (pending.Count > 0)
        {
            switch (pending.Pop())
            {
                case ILiteralOperation or ILocalReferenceOperation or IParameterReferenceOperation or IInstanceReferenceOperation:
                    break;
                case IFieldReferenceOperation field:
                    PushIfAny(pending, field.Instance);
                    break;
                case IPropertyReferenceOperation property:
                    if (!property.Arguments.IsEmpty)
                    {
                        return false;
                    }

                    PushIfAny(pending, property.Instance);
                    break;
                case IConversionOperation conversion:
                    pending.Push(conversion.Operand);
                    break;
                case IParenthesizedOperation parenthesized:
                    pending.Push(parenthesized.Operand);
                    break;
                case IBinaryOperation binary:
                    pending.Push(binary.RightOperand);
                    pending.Push(binary.LeftOperand);
                    break;
                case IInterpolatedStringOperation interpolated:
                    foreach (IInterpolatedStringContentOperation part in interpolated.Parts)
                    {
                        if (part is IInterpolationOperation hole)
                        {
                            pending.Push(hole.Expression);
                        }
                    }

                    break;
                case IInvocationOperation invocation:
                    if (invocation.TargetMethod.ContainingType?.ToDisplayString() != "System.IO.Path"
                        || invocation.TargetMethod.Name is "GetTempFileName" or "GetRandomFileName")
                    {
                        return false;
                    }

                    foreach (IArgumentOperation argument in invocation.Arguments)
                    {
                        pending.Push(argument.Value);
                    }

                    break;
                case { ConstantValue.HasValue: true }:
                    break;
                default:
                    return false;
            }
        }

        return true;
    }

    private static void PushIfAny(Stack<IOperation> pending, IOperation? operation)
    {
        if (operation is not null)
        {
            pending.Push(operation);
        }
    }

    /// <summary>True when every local <paramref name="operation"/> reads is declared in a scope that also holds <paramref name="position"/>.</summary>
    public static bool IsInScopeAt(IOperation operation, SyntaxNode position)
    {
        foreach (IOperation node in operation.DescendantsAndSelf())
        {
            if (node is ILocalReferenceOperation local)
            {
                SyntaxReference? declaration = local.Local.DeclaringSyntaxReferences.Length > 0 ? local.Local.DeclaringSyntaxReferences[0] : null;
                SyntaxNode? scope = declaration is null ? null : Scope(declaration.GetSyntax());
                if (scope is null || !scope.Span.Contains(position.Span) || declaration!.Span.Start > position.SpanStart)
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static SyntaxNode? Scope(SyntaxNode declaration)
    {
        if (declaration is ForEachStatementSyntax or CatchDeclarationSyntax)
        {
            return declaration is CatchDeclarationSyntax ? declaration.Parent : declaration;
        }

        for (SyntaxNode? node = declaration.Parent; node is not null; node = node.Parent)
        {
            switch (node)
            {
                case BlockSyntax or SwitchSectionSyntax or CompilationUnitSyntax:
                    return node;
                case StatementSyntax and not LocalDeclarationStatementSyntax:
                    return node;
                case ExpressionSyntax when node.Parent is ArrowExpressionClauseSyntax or LambdaExpressionSyntax:
                    return node;
            }
        }

        return null;
    }

    private bool IsTemporary(IOperation operation, int depth)
    {
        if (depth > MaxDepth)
        {
            return false;
        }

        foreach (IOperation node in operation.DescendantsAndSelf())
        {
            switch (node)
            {
                case IInvocationOperation invocation when IsTempDirectoryCall(invocation):
                    return true;
                case ILocalReferenceOperation local:
                    IReadOnlyList<IOperation> values = _locals.ValuesOf(local.Local);
                    if (values.Count > 0 && AllTemporary(values, depth + 1))
                    {
                        return true;
                    }

                    break;
                case IFieldReferenceOperation or IPropertyReferenceOperation when ReferencedVariable(node) is { } member
                    && ValuesOf(member).AlwaysTemporary:
                    return true;
            }
        }

        return false;
    }

    private bool AllTemporary(IReadOnlyList<IOperation> values, int depth)
    {
        foreach (IOperation value in values)
        {
            if (!IsTemporary(value, depth))
            {
                return false;
            }
        }

        return true;
    }

    private bool IsTempDirectoryCall(IInvocationOperation invocation)
    {
        IMethodSymbol method = invocation.TargetMethod;
        if (_symbols.IsPath(method.ContainingType))
        {
            return method.Name is "GetTempPath" or "GetTempFileName";
        }

        // Directory.CreateTempSubdirectory(): a new directory under the temporary one (.NET 7).
        if (method.Name == "CreateTempSubdirectory"
            && (KnownSymbols.Is(method.ContainingType, _symbols.Directory) || KnownSymbols.IsOrImplements(method.ContainingType, _symbols.AbstractDirectory)))
        {
            return true;
        }

        // Environment.GetEnvironmentVariable("TMPDIR" | "TEMP" | "TMP")
        return method.Name == "GetEnvironmentVariable"
            && method.ContainingType?.ToDisplayString() == "System.Environment"
            && invocation.Arguments.Length > 0
            && invocation.Arguments[0].Value.ConstantValue.Value is "TMPDIR" or "TEMP" or "TMP";
    }

    private MemberValues ValuesOf(ISymbol member) => _symbols.MemberValues.GetOrAdd(member, MemberValues.Of);

    /// <summary>The local, parameter, field or property the operation reads, if it is such a reference.</summary>
    private static ISymbol? ReferencedVariable(IOperation operation) => operation switch
    {
        ILocalReferenceOperation local => local.Local,
        IParameterReferenceOperation parameter => parameter.Parameter,
        IFieldReferenceOperation field => field.Field,
        IPropertyReferenceOperation property => property.Property,
        _ => null,
    };

    private bool ReferencesNonDurableSymbol(IOperation operation, int depth)
    {
        if (depth > MaxDepth)
        {
            return false;
        }

        foreach (IOperation node in operation.DescendantsAndSelf())
        {
            ISymbol? symbol = ReferencedVariable(node) ?? (node as IInvocationOperation)?.TargetMethod;
            if (symbol is null)
            {
                continue;
            }

            string qualified = symbol is ILocalSymbol or IParameterSymbol
                ? symbol.Name
                : symbol.ContainingType?.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat) + "." + symbol.Name;
            if (DurableWritesOptions.MatchesQualifiedName(_options.NonDurableSymbols, symbol.Name, qualified))
            {
                return true;
            }

            if (symbol is ILocalSymbol localSymbol)
            {
                foreach (IOperation value in _locals.ValuesOf(localSymbol))
                {
                    if (ReferencesNonDurableSymbol(value, depth + 1))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    private void AppendShape(IOperation operation, StringBuilder builder, int depth)
    {
        operation = FileOperationClassifier.Unwrap(operation);
        if (operation.ConstantValue is { HasValue: true, Value: string constant })
        {
            builder.Append(constant);
            return;
        }

        switch (operation)
        {
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } binary:
                // a + b + c + …: generated code can chain thousands, so the chain is walked with a stack, not by recursion.
                var chain = new Stack<IOperation>();
                chain.Push(binary.RightOperand);
                chain.Push(binary.LeftOperand);
                while (chain.Count > 0)
                {
                    IOperation part = FileOperationClassifier.Unwrap(chain.Pop());
                    if (part is IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } inner && !inner.ConstantValue.HasValue)
                    {
                        chain.Push(inner.RightOperand);
                        chain.Push(inner.LeftOperand);
                    }
                    else
                    {
                        AppendShape(part, builder, depth);
                    }
                }

                return;
            case IInterpolatedStringOperation interpolated:
                foreach (IInterpolatedStringContentOperation part in interpolated.Parts)
                {
                    if (part is IInterpolatedStringTextOperation text)
                    {
                        AppendShape(text.Text, builder, depth);
                    }
                    else if (part is IInterpolationOperation hole)
                    {
                        AppendShape(hole.Expression, builder, depth);
                    }
                }

                return;
            case IInvocationOperation invocation when _symbols.IsPath(invocation.TargetMethod.ContainingType)
                && invocation.TargetMethod.Name is "Combine" or "Join":
                bool first = true;
                foreach (IArgumentOperation argument in invocation.Arguments)
                {
                    IEnumerable<IOperation> parts = argument.Value is IArrayCreationOperation { Initializer: { } array } ? array.ElementValues : new[] { argument.Value };
                    foreach (IOperation part in parts)
                    {
                        if (!first && builder.Length > 0 && builder[builder.Length - 1] != '/')
                        {
                            builder.Append('/');
                        }

                        AppendShape(part, builder, depth);
                        first = false;
                    }
                }

                return;
            case ILocalReferenceOperation when depth < MaxDepth && _locals.SingleValue(operation) is { } value:
                AppendShape(value, builder, depth + 1);
                return;
            case IFieldReferenceOperation or IPropertyReferenceOperation when ReferencedVariable(operation) is { } member
                && ValuesOf(member).SoleString is { } text:
                // readonly string LockFile = "app.lck";
                builder.Append(text);
                return;
            default:
                builder.Append(Unknown);
                return;
        }
    }
}
