using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using Microsoft.CodeAnalysis.Operations;

namespace DurableWrites.CodeFixes;

/// <summary>
/// Maps a System.IO call or object creation to its DurableWrites twin with the same arguments, keeping the
/// arguments' text and trivia: <c>File.WriteAllText(p, s)</c> → <c>DurableFile.WriteAllText(p, s)</c>,
/// <c>new FileStream(…)</c> → <c>new DurableFileStream(…)</c>, <c>fileInfo.Create()</c> → <c>DurableFile.Create(fileInfo.FullName)</c>,
/// <c>new StreamWriter(path, …)</c> → <c>DurableFile.OpenStreamWriter(path, …)</c>,
/// <c>document.Save(path)</c> → <c>DurableFile.Write(path, stream => document.Save(stream))</c>,
/// <c>data.WriteXml(path)</c> → <c>DurableFile.Write(path, stream => { …XmlTextWriter as WriteXml(path) makes it…; data.WriteXml(writer); … })</c>,
/// <c>XmlWriter.Create(path)</c> → <c>XmlWriter.Create(DurableFile.Create(path), new XmlWriterSettings { CloseOutput = true })</c>,
/// <c>new XmlTextWriter(path, encoding)</c> → <c>new XmlTextWriter(DurableFile.Create(path), encoding)</c>,
/// <c>ZipFile.CreateFromDirectory(dir, path)</c> → <c>DurableFile.Write(path, stream => ZipFile.CreateFromDirectory(dir, stream))</c>,
/// <c>ZipFile.Open(path, ZipArchiveMode.Create)</c> → <c>new ZipArchive(DurableFile.Create(path), ZipArchiveMode.Create)</c>.
/// A rewrite is only offered when the new call binds to a DurableWrites member, so that the fixed code compiles.
/// </summary>
internal sealed class RuntimeCallRewriter
{
    private static readonly HashSet<string> FileTwins = new()
    {
        "WriteAllText", "WriteAllBytes", "WriteAllLines", "AppendAllText", "AppendAllLines", "AppendAllBytes",
        "WriteAllTextAsync", "WriteAllBytesAsync", "WriteAllLinesAsync", "AppendAllTextAsync", "AppendAllLinesAsync", "AppendAllBytesAsync",
        "CreateText", "AppendText", "Create", "Open", "OpenWrite", "Move", "Copy", "Replace", "Delete",
    };

    private readonly Shape _shape;
    private readonly string _type;
    private readonly string _member;

    private RuntimeCallRewriter(Shape shape, string type, string member)
    {
        _shape = shape;
        _type = type;
        _member = member;
    }

    private enum Shape
    {
        /// <summary>File.X(args) → DurableFile.X(args).</summary>
        StaticCall,

        /// <summary>info.X(args) → DurableFile.Y(info.FullName, args).</summary>
        InstanceToStatic,

        /// <summary>new FileStream(args) → new DurableFileStream(args).</summary>
        NewObject,

        /// <summary>new StreamWriter(args) → DurableFile.OpenStreamWriter(args).</summary>
        CreationToStatic,

        /// <summary>document.Save(path, rest) → DurableFile.Write(path, stream => document.Save(stream, rest)).</summary>
        SaveThroughStream,

        /// <summary>
        /// data.WriteXml(path, rest) (or WriteXmlSchema) → DurableFile.Write(path, stream => { the XmlTextWriter that
        /// WriteXml(path) makes, over the stream; data.WriteXml(writer, rest); … }): WriteXml(Stream) leaves out the XML
        /// declaration that WriteXml(path) writes, so only the writer's own steps give the same bytes.
        /// </summary>
        DataSetThroughXmlTextWriter,

        /// <summary>
        /// XmlWriter.Create(path[, new XmlWriterSettings { … }]) → XmlWriter.Create(DurableFile.Create(path), settings with
        /// CloseOutput = true): a writer made from a path closes its file, one made from a stream only with CloseOutput.
        /// </summary>
        XmlWriterOverDurableStream,

        /// <summary>new XmlTextWriter(path, encoding) → new XmlTextWriter(DurableFile.Create(path), encoding), which closes the stream.</summary>
        XmlTextWriterOverDurableStream,

        /// <summary>ZipFile.CreateFromDirectory(dir, path, rest) → DurableFile.Write(path, stream => ZipFile.CreateFromDirectory(dir, stream, rest)).</summary>
        ZipThroughStream,

        /// <summary>
        /// ZipFile.Open(path, ZipArchiveMode.Create[, encoding]) → new ZipArchive(DurableFile.Create(path), ZipArchiveMode.Create[, false, encoding]):
        /// the archive closes the stream it was given, which flushes it.
        /// </summary>
        ZipArchiveOverDurableStream,
    }

    /// <summary>The rewrite of <paramref name="node"/> (a call or creation of the unfixed document), or null when it has no twin that binds.</summary>
    public static RuntimeCallRewriter? For(SyntaxNode node, FixContext context)
    {
        if (!context.HasRuntime || context.SemanticModel.GetOperation(node, context.CancellationToken) is not { } operation)
        {
            return null;
        }

        RuntimeCallRewriter? rewriter = Plan(operation);
        if (rewriter is null)
        {
            return null;
        }

        // Bind the rewritten call where the original is: a twin without a matching overload is no fix.
        string systemType = rewriter.SystemType() is { } type ? "global::" + type.MetadataName : string.Empty;
        SyntaxNode rewritten = rewriter.Rewrite(node, qualifier: "global::" + FixContext.RuntimeNamespace + ".", lambdaParameter: "__stream", systemType);
        SymbolInfo bound = context.SemanticModel.GetSpeculativeSymbolInfo(node.SpanStart, rewritten, SpeculativeBindingOption.BindAsExpression);
        ISymbol? symbol = bound.Symbol;
        if (rewriter._shape is Shape.XmlWriterOverDurableStream or Shape.XmlTextWriterOverDurableStream or Shape.ZipArchiveOverDurableStream)
        {
            // The writer's overload that takes a Stream, and the runtime that opens it.
            return symbol is IMethodSymbol { Parameters: { Length: > 0 } parameters } && parameters[0].Type.Name == "Stream" ? rewriter : null;
        }

        return symbol?.ContainingType?.ContainingNamespace?.ToDisplayString() == FixContext.RuntimeNamespace ? rewriter : null;
    }

    private static RuntimeCallRewriter? Plan(IOperation operation)
    {
        switch (operation)
        {
            case IInvocationOperation invocation:
                {
                    IMethodSymbol method = invocation.TargetMethod;
                    string type = method.ContainingType?.ToDisplayString() ?? string.Empty;
                    string name = method.Name;
                    switch (type)
                    {
                        case "System.IO.File" when FileTwins.Contains(name):
                            return new RuntimeCallRewriter(Shape.StaticCall, "DurableFile", name);
                        case "System.IO.Directory" when name is "Move" or "CreateDirectory":
                            return new RuntimeCallRewriter(Shape.StaticCall, "DurableDirectory", name);
                        case "System.IO.FileInfo" when name is "Create" or "Open" or "OpenWrite" or "CreateText" or "AppendText":
                            return new RuntimeCallRewriter(Shape.InstanceToStatic, "DurableFile", name);
                        case "System.IO.FileInfo" when name == "CopyTo" && invocation.Parent is IExpressionStatementOperation:
                            return new RuntimeCallRewriter(Shape.InstanceToStatic, "DurableFile", "Copy");
                    }

                    if (type == "System.Xml.XmlWriter" && name == "Create" && invocation.Syntax is InvocationExpressionSyntax { ArgumentList.Arguments: var arguments }
                        && method.Parameters.Length > 0 && method.Parameters[0].Type.SpecialType == SpecialType.System_String
                        && arguments.All(a => a.NameColon is null)
                        && (arguments.Count == 1 || arguments.Count == 2 && Unparenthesized(arguments[1].Expression) is BaseObjectCreationExpressionSyntax))
                    {
                        // Settings held elsewhere cannot be told to close the stream without changing them for every user: no fix.
                        return new RuntimeCallRewriter(Shape.XmlWriterOverDurableStream, "DurableFile", "Create");
                    }

                    if (type == "System.IO.Compression.ZipFile" && invocation.Syntax is InvocationExpressionSyntax { ArgumentList.Arguments: var zipArguments }
                        && zipArguments.All(a => a.NameColon is null))
                    {
                        // The Stream overloads came with .NET 8: without them the lambda would not compile, so no fix.
                        if (name == "CreateFromDirectory" && method.Parameters.Length >= 2
                            && method.ContainingType!.GetMembers(name).OfType<IMethodSymbol>().Any(m => m.Parameters.Length == method.Parameters.Length && m.Parameters[1].Type.Name == "Stream"))
                        {
                            return new RuntimeCallRewriter(Shape.ZipThroughStream, "DurableFile", "Write");
                        }

                        if (name == "Open" && invocation.Arguments.Length >= 2 && invocation.Arguments[1].Value.ConstantValue is { HasValue: true, Value: 1 })
                        {
                            return new RuntimeCallRewriter(Shape.ZipArchiveOverDurableStream, "DurableFile", "Create");
                        }

                        return null;
                    }

                    if (type is "System.Data.DataSet" or "System.Data.DataTable")
                    {
                        return name is "WriteXml" or "WriteXmlSchema" && HasXmlWriterTwin(method)
                            && invocation.Syntax is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax, ArgumentList.Arguments: var dataArguments }
                            && dataArguments.All(a => a.NameColon is null)
                            ? new RuntimeCallRewriter(Shape.DataSetThroughXmlTextWriter, "DurableFile", "Write")
                            : null;
                    }

                    if (name == "Save" && method.Parameters.Length > 0 && method.Parameters[0].Type.SpecialType == SpecialType.System_String
                        && invocation.Syntax is InvocationExpressionSyntax)
                    {
                        return new RuntimeCallRewriter(Shape.SaveThroughStream, "DurableFile", "Write");
                    }

                    return null;
                }

            case IObjectCreationOperation { Constructor.Parameters: { Length: > 0 } parameters } creation
                when parameters[0].Type.SpecialType == SpecialType.System_String:
                switch (creation.Type?.ToDisplayString())
                {
                    case "System.IO.FileStream":
                        return new RuntimeCallRewriter(Shape.NewObject, "DurableFileStream", string.Empty);
                    case "System.IO.StreamWriter" when creation.Initializer is null:
                        return new RuntimeCallRewriter(Shape.CreationToStatic, "DurableFile", "OpenStreamWriter");
                    case "System.Xml.XmlTextWriter" when creation.Syntax is BaseObjectCreationExpressionSyntax { ArgumentList.Arguments: var arguments }
                        && arguments.All(a => a.NameColon is null):
                        return new RuntimeCallRewriter(Shape.XmlTextWriterOverDurableStream, "DurableFile", "Create");
                }

                return null;
            default:
                return null;
        }
    }

    /// <summary>The overload that takes an XmlWriter where <paramref name="method"/> takes the path, the rest the same.</summary>
    private static bool HasXmlWriterTwin(IMethodSymbol method) =>
        method.Parameters.Length > 0 && method.Parameters[0].Type.SpecialType == SpecialType.System_String
        && method.ContainingType!.GetMembers(method.Name).OfType<IMethodSymbol>().Any(m =>
            m.Parameters.Length == method.Parameters.Length
            && m.Parameters[0].Type is { Name: "XmlWriter", ContainingNamespace: { Name: "Xml", ContainingNamespace.Name: "System" } }
            && m.Parameters.Skip(1).Select(p => p.Type).SequenceEqual(method.Parameters.Skip(1).Select(p => p.Type), SymbolEqualityComparer.Default));

    /// <summary>Replaces <paramref name="node"/> (of the unfixed document) with its rewrite in the document being fixed.</summary>
    public void ReplaceInPlace(SyntaxNode node, FixContext context)
    {
        KeepDeclaredType(node, context);
        context.Editor.ReplaceNode(node, (current, _) => Apply(current, context, node.SpanStart));
    }

    /// <summary>
    /// <c>var file = File.Create(a); … file = File.Create(b);</c>: the rewrite's type (DurableFileStream) would become the
    /// variable's and the later assignment would no longer compile, so such a variable is given the type it had.
    /// </summary>
    private static void KeepDeclaredType(SyntaxNode node, FixContext context)
    {
        if (node.Parent is not EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Type: { IsVar: true } varType, Variables.Count: 1 } } declarator }
            || context.SemanticModel.GetDeclaredSymbol(declarator, context.CancellationToken) is not ILocalSymbol local
            || !IsAssignedElsewhere(local, declarator, context))
        {
            return;
        }

        string typeName = local.Type.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToMinimalDisplayString(context.SemanticModel, varType.SpanStart);
        if (local.Type.IsReferenceType && local.Type.NullableAnnotation == NullableAnnotation.Annotated)
        {
            typeName += "?";
        }

        context.Editor.ReplaceNode(varType, SyntaxFactory.ParseTypeName(typeName).WithTriviaFrom(varType));
    }

    /// <summary>The local is assigned (or passed by ref or out) somewhere besides its declaration.</summary>
    private static bool IsAssignedElsewhere(ILocalSymbol local, SyntaxNode declarator, FixContext context)
    {
        SyntaxNode scope = declarator.Ancestors().FirstOrDefault(a => a is MemberDeclarationSyntax) ?? context.Root;
        foreach (IdentifierNameSyntax name in scope.DescendantNodes().OfType<IdentifierNameSyntax>())
        {
            bool assigned = name.Identifier.ValueText == local.Name
                && (name.Parent is AssignmentExpressionSyntax assignment && assignment.Left == name
                    || name.Parent is ArgumentSyntax { RefKindKeyword.RawKind: not 0 });
            if (assigned && SymbolEqualityComparer.Default.Equals(context.SemanticModel.GetSymbolInfo(name, context.CancellationToken).Symbol, local))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Rewrites <paramref name="current"/> (the node as earlier fixes may already have changed it) in the document being fixed.</summary>
    public SyntaxNode Apply(SyntaxNode current, FixContext context, int position)
    {
        string typeName = context.RuntimeType(_type, position);
        string qualifier = typeName.Substring(0, typeName.Length - _type.Length);
        string systemType = SystemType() is { } type ? context.SystemType(type.SimpleName, type.MetadataName, position) : string.Empty;
        if (_shape == Shape.DataSetThroughXmlTextWriter)
        {
            TextLine line = context.Root.SyntaxTree.GetText(context.CancellationToken).Lines.GetLineFromPosition(position);
            string indentation = new string(line.ToString().TakeWhile(c => c is ' ' or '\t').ToArray());
            var layout = new LambdaBodyLayout(context.FreeName("writer", position), context.SystemType("Formatting", "System.Xml.Formatting", position),
                context.EndOfLine, indentation);
            return Rewrite(current, qualifier, context.FreeName("stream", position), systemType, layout);
        }

        return Rewrite(current, qualifier, context.FreeName("stream", position), systemType);
    }

    /// <summary>The System type the rewrite names besides the runtime's, if any.</summary>
    private (string SimpleName, string MetadataName)? SystemType() => _shape switch
    {
        Shape.XmlWriterOverDurableStream => ("XmlWriterSettings", "System.Xml.XmlWriterSettings"),
        Shape.ZipArchiveOverDurableStream => ("ZipArchive", "System.IO.Compression.ZipArchive"),
        Shape.DataSetThroughXmlTextWriter => ("XmlTextWriter", "System.Xml.XmlTextWriter"),
        _ => null,
    };

    /// <param name="systemType">The System type the rewrite names: XmlWriterSettings, ZipArchive or XmlTextWriter, as the document can spell it.</param>
    /// <param name="layout">The data set rewrite's names and layout for its lambda body.</param>
    private SyntaxNode Rewrite(SyntaxNode node, string qualifier, string lambdaParameter, string systemType, LambdaBodyLayout? layout = null)
    {
        string typeName = qualifier + _type;
        switch (_shape)
        {
            case Shape.StaticCall when node is InvocationExpressionSyntax invocation:
                return invocation.WithExpression(Member(typeName).WithTriviaFrom(invocation.Expression));

            case Shape.InstanceToStatic when node is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } invocation:
                {
                    ExpressionSyntax receiver = access.Expression.WithoutTrivia();
                    if (receiver is not (IdentifierNameSyntax or MemberAccessExpressionSyntax or InvocationExpressionSyntax or ElementAccessExpressionSyntax
                        or ThisExpressionSyntax or ParenthesizedExpressionSyntax or ObjectCreationExpressionSyntax))
                    {
                        receiver = SyntaxFactory.ParenthesizedExpression(receiver);
                    }

                    ArgumentSyntax fullName = SyntaxFactory.Argument(SyntaxFactory.MemberAccessExpression(
                        SyntaxKind.SimpleMemberAccessExpression, receiver, SyntaxFactory.IdentifierName("FullName")));
                    ArgumentListSyntax arguments = invocation.ArgumentList.WithArguments(Prepend(fullName, invocation.ArgumentList.Arguments));
                    return SyntaxFactory.InvocationExpression(Member(typeName), arguments).WithTriviaFrom(invocation);
                }

            case Shape.NewObject when node is ObjectCreationExpressionSyntax creation:
                return creation.WithType(SyntaxFactory.ParseTypeName(typeName).WithTriviaFrom(creation.Type));

            case Shape.NewObject when node is ImplicitObjectCreationExpressionSyntax implicitCreation:
                return SyntaxFactory.ObjectCreationExpression(
                        implicitCreation.NewKeyword.WithTrailingTrivia(SyntaxFactory.Space),
                        SyntaxFactory.ParseTypeName(typeName),
                        implicitCreation.ArgumentList,
                        implicitCreation.Initializer)
                    .WithTriviaFrom(implicitCreation);

            case Shape.CreationToStatic when node is BaseObjectCreationExpressionSyntax creation:
                return SyntaxFactory.InvocationExpression(Member(typeName), creation.ArgumentList ?? SyntaxFactory.ArgumentList())
                    .WithTriviaFrom(creation);

            case Shape.SaveThroughStream or Shape.ZipThroughStream when node is InvocationExpressionSyntax invocation
                && invocation.ArgumentList.Arguments.Count > (_shape == Shape.ZipThroughStream ? 1 : 0):
                {
                    // The path is Save's first argument and CreateFromDirectory's second; the stream takes its place.
                    int pathIndex = _shape == Shape.ZipThroughStream ? 1 : 0;
                    SeparatedSyntaxList<ArgumentSyntax> arguments = invocation.ArgumentList.Arguments;
                    ArgumentSyntax path = arguments[pathIndex].WithNameColon(null).WithoutTrivia();
                    List<ArgumentSyntax> saveArguments = arguments.Select(a => a.WithNameColon(null).WithoutTrivia()).ToList();
                    saveArguments[pathIndex] = SyntaxFactory.Argument(SyntaxFactory.IdentifierName(lambdaParameter));
                    InvocationExpressionSyntax save = SyntaxFactory.InvocationExpression(
                        invocation.Expression.WithoutTrivia(), SyntaxFactory.ArgumentList(Separated(saveArguments)));
                    ExpressionSyntax lambda = SyntaxFactory.SimpleLambdaExpression(
                            SyntaxFactory.Parameter(SyntaxFactory.Identifier(lambdaParameter)).WithTrailingTrivia(SyntaxFactory.Space),
                            save)
                        .WithArrowToken(SyntaxFactory.Token(SyntaxKind.EqualsGreaterThanToken).WithTrailingTrivia(SyntaxFactory.Space));
                    return SyntaxFactory.InvocationExpression(
                            Member(typeName),
                            SyntaxFactory.ArgumentList(Separated(new[] { path, SyntaxFactory.Argument(lambda) })))
                        .WithTriviaFrom(invocation);
                }

            case Shape.DataSetThroughXmlTextWriter when node is InvocationExpressionSyntax { ArgumentList.Arguments.Count: > 0 } invocation:
                {
                    // What DataSet/DataTable.WriteXml(path, …) and WriteXmlSchema(path, …) do with the file, done on the stream.
                    SeparatedSyntaxList<ArgumentSyntax> arguments = invocation.ArgumentList.Arguments;
                    string path = arguments[0].Expression.WithoutTrivia().ToFullString();
                    IEnumerable<string> rest = arguments.Skip(1).Select(a => a.WithoutTrivia().ToFullString());
                    LambdaBodyLayout body = layout ?? new LambdaBodyLayout("__writer", "global::System.Xml.Formatting", "\n", string.Empty);
                    string writer = body.WriterName;
                    string write = invocation.Expression.WithoutTrivia().ToFullString() + "(" + string.Join(", ", new[] { writer }.Concat(rest)) + ")";
                    string inner = body.Indentation + "    ";
                    string text = string.Join(body.EndOfLine, new[]
                    {
                        $"{typeName}.Write({path}, {lambdaParameter} =>",
                        body.Indentation + "{",
                        $"{inner}var {writer} = new {systemType}({lambdaParameter}, null) {{ Formatting = {body.FormattingType}.Indented }};",
                        $"{inner}{writer}.WriteStartDocument(true);",
                        $"{inner}{write};",
                        $"{inner}{writer}.WriteEndDocument();",
                        $"{inner}{writer}.Flush();",
                        body.Indentation + "})",
                    });
                    return SyntaxFactory.ParseExpression(text).WithTriviaFrom(invocation);
                }

            case Shape.XmlWriterOverDurableStream when node is InvocationExpressionSyntax { ArgumentList.Arguments.Count: > 0 } invocation:
                {
                    SeparatedSyntaxList<ArgumentSyntax> arguments = OpenFirstArgument(invocation.ArgumentList.Arguments, typeName);
                    if (arguments.Count == 1)
                    {
                        ExpressionSyntax settings = SyntaxFactory.ParseExpression("new " + systemType + " { CloseOutput = true }");
                        arguments = Separated(new[] { arguments[0], SyntaxFactory.Argument(settings) });
                    }
                    else if (Unparenthesized(arguments[1].Expression) is BaseObjectCreationExpressionSyntax creation)
                    {
                        arguments = arguments.Replace(arguments[1], arguments[1].WithExpression(
                            arguments[1].Expression.ReplaceNode(creation, ClosingOutput(creation))));
                    }

                    return invocation.WithArgumentList(invocation.ArgumentList.WithArguments(arguments));
                }

            case Shape.ZipArchiveOverDurableStream when node is InvocationExpressionSyntax { ArgumentList.Arguments.Count: >= 2 } invocation:
                {
                    // ZipArchive(stream, mode, leaveOpen, entryNameEncoding): false keeps ZipFile.Open's closing of the file.
                    SeparatedSyntaxList<ArgumentSyntax> opened = OpenFirstArgument(invocation.ArgumentList.Arguments, typeName);
                    var arguments = new List<ArgumentSyntax> { opened[0].WithoutTrivia(), opened[1].WithoutTrivia() };
                    if (opened.Count > 2)
                    {
                        arguments.Add(SyntaxFactory.Argument(SyntaxFactory.LiteralExpression(SyntaxKind.FalseLiteralExpression)));
                        arguments.AddRange(opened.Skip(2).Select(a => a.WithoutTrivia()));
                    }

                    return SyntaxFactory.ObjectCreationExpression(
                            SyntaxFactory.Token(SyntaxKind.NewKeyword).WithTrailingTrivia(SyntaxFactory.Space),
                            SyntaxFactory.ParseTypeName(systemType),
                            SyntaxFactory.ArgumentList(Separated(arguments)),
                            initializer: null)
                        .WithTriviaFrom(invocation);
                }

            case Shape.XmlTextWriterOverDurableStream when node is BaseObjectCreationExpressionSyntax { ArgumentList.Arguments.Count: > 0 } creation:
                return creation.WithArgumentList(creation.ArgumentList!.WithArguments(OpenFirstArgument(creation.ArgumentList.Arguments, typeName)));

            default:
                return node;
        }
    }

    /// <summary>The first argument, a path, opened with DurableFile.Create: <c>p</c> → <c>DurableFile.Create(p)</c>.</summary>
    private SeparatedSyntaxList<ArgumentSyntax> OpenFirstArgument(SeparatedSyntaxList<ArgumentSyntax> arguments, string typeName)
    {
        ArgumentSyntax path = arguments[0];
        ExpressionSyntax open = SyntaxFactory.InvocationExpression(
                Member(typeName),
                SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(path.Expression.WithoutTrivia()))))
            .WithTriviaFrom(path.Expression);
        return arguments.Replace(path, path.WithExpression(open));
    }

    /// <summary><paramref name="creation"/> of XmlWriterSettings with CloseOutput = true in its initializer (set or added).</summary>
    private static BaseObjectCreationExpressionSyntax ClosingOutput(BaseObjectCreationExpressionSyntax creation)
    {
        ExpressionSyntax closeOutput = SyntaxFactory.ParseExpression("CloseOutput = true");
        InitializerExpressionSyntax? initializer = creation.Initializer;
        if (initializer is null)
        {
            InitializerExpressionSyntax added = SyntaxFactory.InitializerExpression(
                    SyntaxKind.ObjectInitializerExpression, SyntaxFactory.SingletonSeparatedList(closeOutput))
                .WithOpenBraceToken(SyntaxFactory.Token(SyntaxKind.OpenBraceToken).WithLeadingTrivia(SyntaxFactory.Space).WithTrailingTrivia(SyntaxFactory.Space))
                .WithCloseBraceToken(SyntaxFactory.Token(SyntaxKind.CloseBraceToken).WithLeadingTrivia(SyntaxFactory.Space));
            SyntaxNode withoutTrailing = creation.WithoutTrailingTrivia();
            return ((BaseObjectCreationExpressionSyntax)withoutTrailing).WithInitializer(added).WithTrailingTrivia(creation.GetTrailingTrivia());
        }

        SeparatedSyntaxList<ExpressionSyntax> members = initializer.Expressions;
        foreach (ExpressionSyntax member in members)
        {
            if (member is AssignmentExpressionSyntax { Left: IdentifierNameSyntax { Identifier.ValueText: "CloseOutput" } } assignment)
            {
                return creation.ReplaceNode(assignment.Right, SyntaxFactory.LiteralExpression(SyntaxKind.TrueLiteralExpression).WithTriviaFrom(assignment.Right));
            }
        }

        if (members.Count == 0)
        {
            return creation.WithInitializer(initializer.WithExpressions(SyntaxFactory.SingletonSeparatedList(closeOutput.WithTrailingTrivia(SyntaxFactory.Space))));
        }

        // Laid out as the members before it: on its own line in a multi-line initializer, after ", " on one line.
        ExpressionSyntax last = members[members.Count - 1];
        var nodes = new List<ExpressionSyntax>(members);
        var separators = new List<SyntaxToken>(members.GetSeparators());
        if (separators.Count == nodes.Count)
        {
            // A trailing comma: the new member goes after it, and gets one too.
            nodes.Add(closeOutput.WithLeadingTrivia(members[0].GetLeadingTrivia()));
            separators.Add(separators[separators.Count - 1]);
        }
        else
        {
            SyntaxTriviaList lastTrailing = last.GetTrailingTrivia();
            bool ownLine = lastTrailing.Any(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
            nodes[nodes.Count - 1] = last.WithoutTrailingTrivia();
            separators.Add(SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(ownLine ? lastTrailing : SyntaxFactory.TriviaList(SyntaxFactory.Space)));
            nodes.Add(closeOutput.WithLeadingTrivia(ownLine ? members[0].GetLeadingTrivia() : default).WithTrailingTrivia(lastTrailing));
        }

        return creation.WithInitializer(initializer.WithExpressions(SyntaxFactory.SeparatedList(nodes, separators)));
    }

    private static ExpressionSyntax Unparenthesized(ExpressionSyntax expression)
    {
        while (expression is ParenthesizedExpressionSyntax parenthesized)
        {
            expression = parenthesized.Expression;
        }

        return expression;
    }

    private ExpressionSyntax Member(string typeName) => SyntaxFactory.ParseExpression(typeName + "." + _member);

    private static SeparatedSyntaxList<ArgumentSyntax> Prepend(ArgumentSyntax first, SeparatedSyntaxList<ArgumentSyntax> rest)
    {
        var all = new List<ArgumentSyntax> { first };
        all.AddRange(rest);
        var separators = new List<SyntaxToken> { SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(SyntaxFactory.Space) };
        separators.AddRange(rest.GetSeparators());
        return SyntaxFactory.SeparatedList(all, separators.Take(all.Count - 1));
    }

    private static SeparatedSyntaxList<ArgumentSyntax> Separated(IEnumerable<ArgumentSyntax> arguments)
    {
        List<ArgumentSyntax> list = arguments.ToList();
        return SyntaxFactory.SeparatedList(list, Enumerable.Repeat(SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(SyntaxFactory.Space), System.Math.Max(0, list.Count - 1)));
    }

    /// <summary>
    /// The data set rewrite's lambda body: its XmlTextWriter local, System.Xml.Formatting as the document can spell it,
    /// the document's line end, and the indentation of the line the call starts on.
    /// </summary>
    private sealed class LambdaBodyLayout
    {
        public LambdaBodyLayout(string writerName, string formattingType, string endOfLine, string indentation)
        {
            WriterName = writerName;
            FormattingType = formattingType;
            EndOfLine = endOfLine;
            Indentation = indentation;
        }

        public string WriterName { get; }

        public string FormattingType { get; }

        public string EndOfLine { get; }

        public string Indentation { get; }
    }
}
