using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DurableWrites.CodeFixes;

/// <summary>Where new statements go relative to a call: after the statement that makes it, never inside an expression or past a jump.</summary>
internal static class StatementAnchors
{
    /// <summary>The statement that contains <paramref name="node"/> (blocks aside).</summary>
    public static StatementSyntax? Enclosing(SyntaxNode node) =>
        node.FirstAncestorOrSelf<StatementSyntax>(n => n is not BlockSyntax);

    /// <summary>
    /// The statement after which code can run once <paramref name="call"/> has: the expression statement, declaration or
    /// using statement that makes the call, with no lambda in between; null for a call in a return, a condition, ….
    /// </summary>
    public static StatementSyntax? After(SyntaxNode call)
    {
        StatementSyntax? statement = Enclosing(call);
        if (statement is not (ExpressionStatementSyntax or LocalDeclarationStatementSyntax or UsingStatementSyntax))
        {
            return null;
        }

        for (SyntaxNode? node = call.Parent; node is not null && node != statement; node = node.Parent)
        {
            if (node is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)
            {
                return null;
            }
        }

        if (statement is UsingStatementSyntax @using && @using.Statement.Span.Contains(call.Span))
        {
            return null;
        }

        return statement;
    }

    /// <summary>
    /// The statement after which a flush of a stream opened by <paramref name="creation"/> covers its write <paramref name="write"/>
    /// on every path: the write's statement, or the loop, if or switch around it, while staying in the stream's scope and in any try or using body.
    /// </summary>
    public static StatementSyntax? AfterLastWrite(SyntaxNode creation, SyntaxNode write)
    {
        StatementSyntax? creationStatement = Enclosing(creation);
        if (creationStatement is null)
        {
            return null;
        }

        SyntaxNode scope = creationStatement is UsingStatementSyntax @using ? @using.Statement : creationStatement.Parent!;
        while (scope is UsingStatementSyntax stacked)
        {
            // using (var stream = …) using (var writer = new StreamWriter(stream)) { … }: the writer is only in scope in the innermost body.
            scope = stacked.Statement;
        }

        StatementSyntax? statement = Enclosing(write);
        while (statement is not null && scope.Span.Contains(statement.Span))
        {
            SyntaxNode? parent = statement.Parent;
            // A using that comes after the creation may dispose the stream (using (stream), await using
            // (stream.ConfigureAwait(false)), a writer that closes it): the flush stays inside its body.
            if (statement == scope || parent == scope || parent is UsingStatementSyntax
                || parent is BlockSyntax { Parent: TryStatementSyntax or CatchClauseSyntax or FinallyClauseSyntax or UsingStatementSyntax })
            {
                return statement;
            }

            if (parent is null or AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or MemberDeclarationSyntax)
            {
                return null;
            }

            statement = Enclosing(parent);
        }

        return null;
    }
}
