using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace DurableWrites.CodeFixes;

/// <summary>
/// Maps a System.IO call or object creation to its DurableWrites twin with the same arguments, keeping the
/// arguments' text and trivia: <c>File.WriteAllText(p, s)</c> → <c>DurableFile.WriteAllText(p, s)</c>,
/// <c>new FileStream(…)</c> → <c>new DurableFileStream(…)</c>, <c>fileInfo.Create()</c> → <c>DurableFile.Create(fileInfo.FullName)</c>,
/// <c>new StreamWriter(path, …)</c> → <c>DurableFile.OpenStreamWriter(path, …)</c>,
/// <c>document.Save(path)</c> → <c>DurableFile.Write(path, stream => document.Save(stream))</c>.
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
        SyntaxNode rewritten = rewriter.Rewrite(node, qualifier: "global::" + FixContext.RuntimeNamespace + ".", lambdaParameter: "__stream");
        SymbolInfo bound = context.SemanticModel.GetSpeculativeSymbolInfo(node.SpanStart, rewritten, SpeculativeBindingOption.BindAsExpression);
        ISymbol? symbol = bound.Symbol;
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
                }

                return null;
            default:
                return null;
        }
    }

    /// <summary>Rewrites <paramref name="current"/> (the node as earlier fixes may already have changed it) in the document being fixed.</summary>
    public SyntaxNode Apply(SyntaxNode current, FixContext context, int position)
    {
        string typeName = context.RuntimeType(_type, position);
        string qualifier = typeName.Substring(0, typeName.Length - _type.Length);
        return Rewrite(current, qualifier, context.FreeName("stream", position));
    }

    private SyntaxNode Rewrite(SyntaxNode node, string qualifier, string lambdaParameter)
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

            case Shape.SaveThroughStream when node is InvocationExpressionSyntax invocation && invocation.ArgumentList.Arguments.Count > 0:
                {
                    SeparatedSyntaxList<ArgumentSyntax> arguments = invocation.ArgumentList.Arguments;
                    ArgumentSyntax path = arguments[0].WithNameColon(null).WithoutTrivia();
                    var saveArguments = new List<ArgumentSyntax> { SyntaxFactory.Argument(SyntaxFactory.IdentifierName(lambdaParameter)) };
                    saveArguments.AddRange(arguments.Skip(1).Select(a => a.WithNameColon(null).WithoutTrivia()));
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

            default:
                return node;
        }
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
}
