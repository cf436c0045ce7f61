using System.Collections.Generic;
using System.Linq;
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
        if (statement is not (ExpressionStatementSyntax or LocalDeclarationStatementSyntax or UsingStatementSyntax)
            && !(statement is IfStatementSyntax { Condition: var condition, Else: null } checkedCall && condition.Span.Contains(call.Span) && EndsInThrow(checkedCall.Statement)))
        {
            // if (!MoveFileEx(…)) throw …;: past the if, the call has run and succeeded. With any other body
            // (if (MoveFileEx(…)) return true;) the code past the if may be the failure's path only.
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

    private static bool EndsInThrow(StatementSyntax statement) => statement switch
    {
        ThrowStatementSyntax => true,
        BlockSyntax { Statements.Count: > 0 } block => EndsInThrow(block.Statements[block.Statements.Count - 1]),
        _ => false,
    };

    /// <summary>
    /// The statement after which a flush of a stream opened by <paramref name="creation"/> covers its write <paramref name="write"/>
    /// on every path: the write's statement, or the loop, if or switch around it, while staying in the stream's scope and
    /// inside any other statement (try, using, lock, a block); null when the stream (or one of <paramref name="closers"/>, the
    /// variables whose Dispose closes it) is closed between the write and that point, where a flush would come too late.
    /// </summary>
    public static StatementSyntax? AfterLastWrite(SyntaxNode creation, SyntaxNode write, IReadOnlyCollection<string> closers)
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
            if (parent is null or AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or MemberDeclarationSyntax)
            {
                return null;
            }

            // Only a branch or a loop moves the flush outwards, so that it covers every path through it and runs once.
            // Anything else keeps it inside: a later using may dispose the stream (using (stream), await using
            // (stream.ConfigureAwait(false)), a writer that closes it), and try, lock or a plain block run straight through.
            if (statement == scope || parent == scope || !BranchesOrRepeats(parent is BlockSyntax block ? block.Parent : parent))
            {
                return ClosesBetween(statement, write, closers) ? null : statement;
            }

            statement = Enclosing(parent);
        }

        return null;
    }

    private static bool BranchesOrRepeats(SyntaxNode? node) =>
        node is IfStatementSyntax or ElseClauseSyntax or SwitchSectionSyntax or ForStatementSyntax or ForEachStatementSyntax
            or ForEachVariableStatementSyntax or WhileStatementSyntax or DoStatementSyntax or LabeledStatementSyntax;

    /// <summary><c>x.Dispose()</c>, <c>x.Close()</c> or <c>x.DisposeAsync()</c> for one of <paramref name="closers"/>, inside <paramref name="statement"/> after <paramref name="write"/>.</summary>
    private static bool ClosesBetween(StatementSyntax statement, SyntaxNode write, IReadOnlyCollection<string> closers)
    {
        foreach (InvocationExpressionSyntax invocation in statement.DescendantNodes().OfType<InvocationExpressionSyntax>())
        {
            if (invocation.SpanStart > write.Span.End
                && invocation.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Dispose" or "Close" or "DisposeAsync", Expression: IdentifierNameSyntax target }
                && closers.Contains(target.Identifier.ValueText))
            {
                return true;
            }
        }

        return false;
    }
}
