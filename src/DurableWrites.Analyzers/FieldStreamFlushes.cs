using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace DurableWrites.Analyzers;

/// <summary>
/// DUR001 for a file stream kept in a field or an auto-property (a journal, a write-ahead log, a store's data file), or a
/// writer over one (see <see cref="FileWriterMember"/>): a method flushes it with <c>Flush()</c> or <c>FlushAsync()</c>,
/// which stop at the operating system, and does not flush it to disk after that. Its writers meant that call to make
/// the data safe; it does not. Each call is judged in its own method, so a fix of one leaves the others reported. A
/// field that may be flushed where its type's text does not show it (its descriptor read, the stream given to a method,
/// opened with WriteThrough) is not judged: read from the type's own text, once per field and compilation.
/// </summary>
internal static class FieldStreamFlushes
{
    public static void Register(CompilationStartAnalysisContext context)
    {
        KnownSymbols? symbols = KnownSymbols.Get(context.Compilation);
        if (symbols?.FileStream is null)
        {
            return;
        }

        context.RegisterOperationAction(operation => Analyze(operation, symbols), OperationKind.Invocation);
    }

    private static void Analyze(OperationAnalysisContext context, KnownSymbols symbols)
    {
        var call = (IInvocationOperation)context.Operation;
        string name = call.TargetMethod.Name;
        if (name is not ("Flush" or "FlushAsync") || !ShowsNoDiskFlush(call))
        {
            return;
        }

        IOperation? receiver = Receiver(call, out SyntaxNode whole);
        ISymbol? member = receiver switch
        {
            IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation } reference => reference.Field,
            IPropertyReferenceOperation { Instance: null or IInstanceReferenceOperation, Arguments.IsEmpty: true } reference
                when IsAutoProperty(reference.Property) => reference.Property,
            _ => null,
        };
        // Only a private member's every use is in its type's text: another type could flush any other.
        if (member is not { ContainingType: not null, DeclaredAccessibility: Accessibility.Private } field || TypeOf(field) is not { } fieldType)
        {
            return;
        }

        FileWriterMember? writer = null;
        if (!IsFileStreamField(field, fieldType, symbols))
        {
            writer = symbols.FileWriterMembers.GetOrAdd(field, writerField => FileWriterMember.Of(writerField, fieldType, symbols,
                stream => TypeOf(stream) is { } streamType && IsFileStreamField(stream, streamType, symbols)));
            if (writer is null)
            {
                return;
            }
        }

        // A stream or writer that wraps a file stream passes its own Flush() on: Stream's (or TextWriter's) contract, which asks no more of it.
        if (context.ContainingSymbol is IMethodSymbol { IsOverride: true, Name: "Flush" or "FlushAsync", ContainingType: var wrapper }
            && (KnownSymbols.DerivesFrom(wrapper, symbols.Stream) || KnownSymbols.DerivesFrom(wrapper, symbols.TextWriter) || KnownSymbols.DerivesFrom(wrapper, symbols.BinaryWriter)))
        {
            return;
        }

        DurableWritesOptions options = DurableWritesOptions.For(context.Options, call.Syntax.SyntaxTree);
        if (TestCode.LeavesOut(context.ContainingSymbol.ContainingType, symbols, options) || LogSinks.LeavesOut(field.ContainingType, symbols, options))
        {
            return;
        }

        if (symbols.FieldsFlushedOutOfSight.GetOrAdd(field, FlushedOutOfSight) || FlushedToDiskAfter(call.Syntax, field.Name, writerStream: false))
        {
            return;
        }

        // A journal under the temporary directory, a log the project lists among its non-durable paths.
        if (call.SemanticModel is { } model && OpensOnlyNonDurablePaths(field, model, symbols, options, depth: 0))
        {
            return;
        }

        if (writer is not null)
        {
            foreach (ISymbol stream in writer.StreamMembers)
            {
                // The stream under the writer: handed on where it cannot be followed, or flushed after the writer (that flush is judged instead).
                if (symbols.FieldsFlushedOutOfSight.GetOrAdd(stream, FlushedOutOfSight) || FlushedToDiskAfter(call.Syntax, stream.Name, writerStream: true))
                {
                    return;
                }
            }
        }

        // The fix flushes through the field, which needs FileStream's Flush(bool), or a writer's BaseStream.
        ImmutableDictionary<string, string?> properties = KnownSymbols.DerivesFrom(fieldType, symbols.FileStream) || writer is not null
            ? ImmutableDictionary<string, string?>.Empty.Add(DiagnosticProperties.FieldFlush, name)
            : ImmutableDictionary<string, string?>.Empty;
        if (writer is not null)
        {
            properties = properties.Add(DiagnosticProperties.FieldWriter, writer.HeldAsTextWriter ? "TextWriter" : "Writer");
        }
        string how = "handed to the operating system by " + name + (call.Arguments.Length == 1 && name == "Flush" ? "(false)" : "()");
        context.ReportDiagnostic(Diagnostic.Create(Descriptors.UnflushedStream, whole.GetLocation(), properties, field.Name, how));
    }

    /// <summary><c>Flush()</c>, <c>Flush(false)</c>, <c>FlushAsync()</c>, <c>FlushAsync(token)</c>: the calls that stop at the operating system.</summary>
    private static bool ShowsNoDiskFlush(IInvocationOperation call) => call.TargetMethod.Name == "FlushAsync"
        ? call.Arguments.Length == 0 || call.Arguments.Length == 1 && call.Arguments[0].Value.Type?.Name == "CancellationToken"
        : call.Arguments.Length == 0 || call.Arguments.Length == 1 && call.Arguments[0].Value.ConstantValue is { HasValue: true, Value: false };

    /// <summary>The object the call is made on, through <c>?.</c> and casts; <paramref name="whole"/> is the call with its <c>receiver?.</c>.</summary>
    internal static IOperation? Receiver(IInvocationOperation call, out SyntaxNode whole)
    {
        whole = call.Syntax;
        IOperation? instance = FileOperationClassifier.WithoutConversions(call.Instance);
        if (instance is IConditionalAccessInstanceOperation)
        {
            for (IOperation? parent = call.Parent; parent is not null; parent = parent.Parent)
            {
                if (parent is IConditionalAccessOperation access)
                {
                    whole = access.Syntax;
                    return FileOperationClassifier.WithoutConversions(access.Operation);
                }
            }

            return null;
        }

        return instance;
    }

    /// <summary>
    /// A field of type FileStream or a subclass (a DurableFileStream too: it flushes to disk when closed, not on
    /// Flush()), or a Stream field that its type only ever sets to a new FileStream or to what File.Open/Create/OpenWrite return.
    /// </summary>
    private static bool IsFileStreamField(ISymbol field, ITypeSymbol fieldType, KnownSymbols symbols)
    {
        if (KnownSymbols.DerivesFrom(fieldType, symbols.FileStream))
        {
            return true;
        }

        if (!KnownSymbols.Is(fieldType, symbols.Stream))
        {
            return false;
        }

        List<ExpressionSyntax>? values = MemberValues.AssignedValues(field);
        if (values is null)
        {
            return false;
        }

        bool any = false;
        foreach (ExpressionSyntax value in values)
        {
            if (FileWriterMember.IsNoValue(value))
            {
                continue;
            }

            if (!OpensFileStream(value))
            {
                return false;
            }

            any = true;
        }

        return any;
    }

    /// <summary>
    /// <c>new FileStream(…)</c>, <c>File.Open/Create/OpenWrite(…)</c> (the runtime's DurableFileStream too: it flushes to
    /// disk when closed, not on Flush()), or <c>append ? one : another</c> of these (or null).
    /// </summary>
    private static bool OpensFileStream(ExpressionSyntax value) => value switch
    {
        ParenthesizedExpressionSyntax parenthesized => OpensFileStream(parenthesized.Expression),
        ConditionalExpressionSyntax conditional => FileWriterMember.EachBranchOrNoValue(conditional, OpensFileStream),
        BaseObjectCreationExpressionSyntax creation => creation is ObjectCreationExpressionSyntax { Type: var type } && FileWriterMember.LastName(type) is "FileStream" or "DurableFileStream",
        InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Expression: var owner, Name.Identifier.ValueText: "Open" or "Create" or "OpenWrite" } } => FileWriterMember.LastName(owner) is "File" or "DurableFile",
        _ => false,
    };

    private static ITypeSymbol? TypeOf(ISymbol member) => member switch
    {
        IFieldSymbol field => field.Type,
        IPropertySymbol property => property.Type,
        _ => null,
    };

    /// <summary>
    /// True when every file its type opens the member on need not survive a crash: under the temporary directory, or
    /// matching the project's non-durable paths or symbols (see <see cref="PathFacts.IsNonDurable"/>). Read where the
    /// call's own syntax tree holds every value (binding another tree would be costly); false when any path cannot be read.
    /// </summary>
    private static bool OpensOnlyNonDurablePaths(ISymbol member, SemanticModel model, KnownSymbols symbols, DurableWritesOptions options, int depth)
    {
        List<ExpressionSyntax>? values = MemberValues.AssignedValues(member);
        if (values is null || depth > 2)
        {
            return false;
        }

        bool any = false;
        foreach (ExpressionSyntax value in values)
        {
            if (FileWriterMember.IsNoValue(value))
            {
                continue;
            }

            if (value.SyntaxTree != model.SyntaxTree || model.GetOperation(value) is not { } opening
                || !OpensNonDurablePath(opening, model, symbols, options, depth))
            {
                return false;
            }

            any = true;
        }

        return any;
    }

    /// <summary>
    /// <c>new FileStream(path, …)</c>, <c>File.Open(path, …)</c>, <c>new StreamWriter(path)</c>, a writer over one of
    /// these or over a stream member: whether that path is non-durable.
    /// </summary>
    private static bool OpensNonDurablePath(IOperation opening, SemanticModel model, KnownSymbols symbols, DurableWritesOptions options, int depth)
    {
        ImmutableArray<IArgumentOperation> arguments = FileOperationClassifier.WithoutConversions(opening) switch
        {
            IObjectCreationOperation creation => creation.Arguments,
            IInvocationOperation { Instance: null } invocation => invocation.Arguments,
            _ => ImmutableArray<IArgumentOperation>.Empty,
        };
        IOperation? first = arguments.FirstOrDefault(argument => argument.Parameter?.Ordinal == 0)?.Value;
        switch (FileOperationClassifier.WithoutConversions(first))
        {
            case { Type.SpecialType: SpecialType.System_String } path:
                var locals = new LocalValues();
                IOperation root = path;
                while (root.Parent is not null)
                {
                    root = root.Parent;
                }

                foreach (IOperation node in root.DescendantsAndSelf())
                {
                    locals.Observe(node);
                }

                return new PathFacts(symbols, options, locals).IsNonDurable(path);
            case IObjectCreationOperation or IInvocationOperation when depth < 2:
                return OpensNonDurablePath(first!, model, symbols, options, depth + 1);
            case IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation } field:
                return OpensOnlyNonDurablePaths(field.Field, model, symbols, options, depth + 1);
            case IPropertyReferenceOperation { Instance: null or IInstanceReferenceOperation } property:
                return OpensOnlyNonDurablePaths(property.Property, model, symbols, options, depth + 1);
            default:
                return false;
        }
    }

    /// <summary>A property declared <c>{ get; }</c> or <c>{ get; set; }</c> with no bodies: a field by another name.</summary>
    internal static bool IsAutoProperty(IPropertySymbol property) =>
        !property.IsAbstract && !property.IsVirtual && !property.IsOverride && !property.DeclaringSyntaxReferences.IsEmpty
        && property.DeclaringSyntaxReferences.All(reference => reference.GetSyntax() is PropertyDeclarationSyntax { ExpressionBody: null, AccessorList: { } accessors }
            && accessors.Accessors.All(accessor => accessor.Body is null && accessor.ExpressionBody is null));

    /// <summary>
    /// The stream member a type opens on one path and nothing in the type flushes to disk: every value its type
    /// gives it opens <paramref name="pathText"/> (<c>Target = File.Create(TempName)</c>, <c>new FileStream(_temp, …)</c>,
    /// <c>new StreamWriter(_temp)</c>), and no use of it flushes it to disk or may (see <see cref="MayFlushToDisk"/>).
    /// The temporary file of a "write transaction" whose commit closes the stream and renames the file.
    /// </summary>
    internal static bool OnlyOpensUnflushed(ISymbol member, string pathText)
    {
        if (member.ContainingType is null)
        {
            return false;
        }

        List<ExpressionSyntax>? values = MemberValues.AssignedValues(member);
        if (values is not { Count: > 0 })
        {
            return false;
        }

        foreach (ExpressionSyntax value in values)
        {
            ArgumentListSyntax? arguments = value switch
            {
                ObjectCreationExpressionSyntax { Type: var type } creation when FileWriterMember.LastName(type) is "FileStream" or "StreamWriter" => creation.ArgumentList,
                InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Expression: var owner, Name.Identifier.ValueText: "Create" or "Open" or "OpenWrite" or "CreateText" or "AppendText" } } call
                    when FileWriterMember.LastName(owner) == "File" => call.ArgumentList,
                _ => null,
            };
            if (arguments is not { Arguments.Count: > 0 } || arguments.Arguments[0].NameColon is not null
                || MemberText(arguments.Arguments[0].Expression) != pathText
                || value.ToString().IndexOf("WriteThrough", StringComparison.Ordinal) >= 0)
            {
                return false;
            }
        }

        foreach (SyntaxReference typeReference in member.ContainingType.DeclaringSyntaxReferences)
        {
            foreach (IdentifierNameSyntax mention in MemberValues.Mentions(typeReference.GetSyntax(), member.Name))
            {
                if (MayFlushToDisk(mention))
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>The text of a member read on this object, without <c>this.</c>: <c>TempName</c> for <c>this.TempName</c>.</summary>
    internal static string MemberText(ExpressionSyntax expression) =>
        expression is MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax, Name: var name } ? name.Identifier.ValueText : expression.ToString();

    /// <summary>
    /// True when the field may be flushed to disk where its type's text does not show it: a value opened with
    /// <c>FileOptions.WriteThrough</c>, a read of its descriptor (<c>SafeFileHandle</c>, <c>Handle</c>: an fsync), or the
    /// stream given to a call (a helper may flush it; a writer built over it does not).
    /// </summary>
    internal static bool FlushedOutOfSight(ISymbol field)
    {
        // A value written where its text does not show it (out, ref) was handed to a call: out of sight too.
        List<ExpressionSyntax>? values = MemberValues.AssignedValues(field);
        if (values is null || values.Any(value => value.ToString().IndexOf("WriteThrough", StringComparison.Ordinal) >= 0))
        {
            return true;
        }

        foreach (SyntaxReference typeReference in field.ContainingType!.DeclaringSyntaxReferences)
        {
            foreach (IdentifierNameSyntax mention in MemberValues.Mentions(typeReference.GetSyntax(), field.Name))
            {
                if (Use(mention) is not var (use, member))
                {
                    continue;
                }

                // A writer's file stream (_writer.BaseStream) used as the stream itself would be.
                if (member?.Identifier.ValueText == "BaseStream" && member.Parent is MemberAccessExpressionSyntax baseStream)
                {
                    (use, member) = Use(baseStream);
                }

                if (member is null ? IsHandedOn(use) : member.Identifier.ValueText is "SafeFileHandle" or "Handle")
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// A call that only writes into (or reads from) the stream it is given, by its name: <c>source.CopyTo(_stream)</c>,
    /// <c>JsonSerializer.Serialize(_stream, …)</c>, <c>document.Save(_stream)</c>.
    /// </summary>
    private static bool WritesInto(InvocationExpressionSyntax call)
    {
        string? name = call.Expression switch
        {
            MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
            SimpleNameSyntax simple => simple.Identifier.ValueText,
            _ => null,
        };
        return name is "CopyTo" or "CopyToAsync" or "Serialize" or "SerializeAsync" or "Save" or "WriteTo" or "WriteToAsync"
            or "Deserialize" or "DeserializeAsync" or "Load" or "LoadAsync";
    }

    /// <summary>
    /// The method that makes <paramref name="call"/> flushes the field to disk after it, or may. For the file stream
    /// under a writer (<paramref name="writerStream"/>), any flush of it after the writer's: that flush is the one judged.
    /// </summary>
    private static bool FlushedToDiskAfter(SyntaxNode call, string fieldName, bool writerStream)
    {
        SyntaxNode? body = call.FirstAncestorOrSelf<MemberDeclarationSyntax>();
        if (body is null)
        {
            return false;
        }

        foreach (IdentifierNameSyntax mention in MemberValues.Mentions(body, fieldName))
        {
            if (mention.SpanStart > call.Span.End
                && (MayFlushToDisk(mention) || writerStream && Use(mention) is (_, { Identifier.ValueText: "Flush" or "FlushAsync" })))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary><c>Flush(true)</c> or a Flush given a value, a read of the descriptor, or the stream given to a call.</summary>
    internal static bool MayFlushToDisk(IdentifierNameSyntax mention)
    {
        if (Use(mention) is not var (use, member))
        {
            return false;
        }

        if (member is null)
        {
            return IsHandedOn(use);
        }

        // Flush(anything): Flush(true), Flush(flushToDisk: durable); Flush() and Flush(false) are what is judged. A
        // method of another name that flushes or syncs (an extension: stream.FlushToDisk(), stream.HardFlush()) may too.
        // A writer's BaseStream: the file stream, which the code may flush to disk.
        string memberName = member.Identifier.ValueText;
        return memberName is "SafeFileHandle" or "Handle" or "BaseStream"
            || memberName == "Flush" && member.Parent?.Parent is InvocationExpressionSyntax { ArgumentList.Arguments: { Count: 1 } arguments }
                && !arguments[0].Expression.IsKind(SyntaxKind.FalseLiteralExpression)
            || memberName is not ("Flush" or "FlushAsync") && IdentifierWords.Contains(memberName, "flush", "sync", "fsync");
    }

    /// <summary>The member used through the field at <paramref name="mention"/> (<c>Close</c> in <c>_writer?.Close()</c>), or null.</summary>
    internal static SimpleNameSyntax? MemberUsed(IdentifierNameSyntax mention) => Use(mention) is var (_, member) ? member : null;

    /// <summary>
    /// The expression that stands for the field at <paramref name="mention"/> (with <c>this.</c>, casts, <c>!</c>), and
    /// the member it is used through (<c>.Flush</c>, <c>?.SafeFileHandle</c>), or null when used alone.
    /// </summary>
    private static (ExpressionSyntax Use, SimpleNameSyntax? Member)? Use(IdentifierNameSyntax mention)
    {
        if (mention.Parent is MemberAccessExpressionSyntax notThis && notThis.Name == mention && notThis.Expression is not ThisExpressionSyntax)
        {
            // Another object's member of the same name.
            return null;
        }

        ExpressionSyntax use = mention.Parent is MemberAccessExpressionSyntax self && self.Name == mention ? self : mention;
        return Use(use);
    }

    /// <summary>The expression <paramref name="use"/> stands in (through casts, parentheses, <c>!</c>, <c>as</c>) and the member used through it.</summary>
    private static (ExpressionSyntax Use, SimpleNameSyntax? Member) Use(ExpressionSyntax use)
    {
        while (use.Parent is PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.SuppressNullableWarningExpression } or ParenthesizedExpressionSyntax
            or CastExpressionSyntax or BinaryExpressionSyntax { RawKind: (int)SyntaxKind.AsExpression })
        {
            use = (ExpressionSyntax)use.Parent;
        }

        SimpleNameSyntax? member = use.Parent switch
        {
            MemberAccessExpressionSyntax access when access.Expression == use => access.Name,
            ConditionalAccessExpressionSyntax conditional when conditional.Expression == use => FirstBinding(conditional.WhenNotNull),
            _ => null,
        };
        return (use, member);
    }

    /// <summary>
    /// Given to a call (a helper may flush it; a writer built over it does not), or handed on under another name:
    /// held in a variable (<c>var fs = _stream as FileStream; fs.Flush(true);</c>), assigned elsewhere, returned.
    /// </summary>
    private static bool IsHandedOn(ExpressionSyntax use) => use.Parent switch
    {
        ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax call } } => !WritesInto(call),
        EqualsValueClauseSyntax or ReturnStatementSyntax or ArrowExpressionClauseSyntax or YieldStatementSyntax => true,
        AssignmentExpressionSyntax assignment => assignment.Right == use,
        _ => false,
    };

    private static SimpleNameSyntax? FirstBinding(ExpressionSyntax whenNotNull)
    {
        for (SyntaxNode? node = whenNotNull; node is not null; node = node.ChildNodes().FirstOrDefault())
        {
            if (node is MemberBindingExpressionSyntax binding)
            {
                return binding.Name;
            }
        }

        return null;
    }
}
