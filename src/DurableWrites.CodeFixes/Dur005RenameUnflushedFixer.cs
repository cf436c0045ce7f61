using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using DurableWrites.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace DurableWrites.CodeFixes;

/// <summary>
/// DUR005: renames with DurableFile.Move/Replace, which flush the temporary file's data before the rename and the
/// directories after it; or, when the temporary file is written by one File.WriteAll* call right before the move,
/// writes the target directly with the DurableFile twin (which does the temporary file, flush, rename and directory flush itself).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(Dur005RenameUnflushedFixer)), Shared]
public sealed class Dur005RenameUnflushedFixer : DurableCodeFixProvider
{
    public const string UseDurableRenameKey = "DUR005.UseDurableRename";
    public const string WriteTargetKey = "DUR005.WriteTargetDurably";
    public const string FlushAroundKey = "DUR005.FlushAroundRename";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.RenameUnflushed);

    private protected override IEnumerable<(string Title, string Key)> Offers(FixContext context, Diagnostic diagnostic)
    {
        SyntaxNode? node = context.NodeOf(diagnostic);
        if (node is null)
        {
            yield break;
        }

        if (RuntimeCallRewriter.For(node, context) is not null)
        {
            yield return ("Rename durably with DurableFile (flushes the data first)", UseDurableRenameKey);
        }

        if (Collapse(context, diagnostic, node) is not null)
        {
            yield return ("Write the target durably in one call", WriteTargetKey);
        }

        if (context.HasRuntime && diagnostic.Properties.ContainsKey(DiagnosticProperties.FlushPath) && FlushAnchor(context, diagnostic, node) is not null)
        {
            yield return ("Flush the file before the rename (and its directory after)", FlushAroundKey);
        }
    }

    /// <summary>
    /// The statement of a native rename (libc's rename, MoveFileEx), before which the file's flush goes, and after which
    /// the directory's, where the rename needs one and code after the statement runs; null when they cannot go there.
    /// </summary>
    private static StatementSyntax? FlushAnchor(FixContext context, Diagnostic diagnostic, SyntaxNode rename)
    {
        if (!diagnostic.Properties.ContainsKey(DiagnosticProperties.SyncPath))
        {
            // Only the flush before: any statement that runs the rename once, where it starts (not a loop's condition).
            return StatementAnchors.Enclosing(rename) is { } statement
                && (statement is ExpressionStatementSyntax or LocalDeclarationStatementSyntax or ReturnStatementSyntax
                    || statement is IfStatementSyntax { Condition: var condition } && condition.Span.Contains(rename.Span))
                ? statement
                : null;
        }

        return StatementAnchors.After(rename) is { } anchor and not UsingStatementSyntax && context.CompletesNormally(anchor) ? anchor : null;
    }

    private protected override void Apply(FixContext context, Diagnostic diagnostic, string key)
    {
        SyntaxNode node = context.NodeOf(diagnostic)!;
        if (key == UseDurableRenameKey)
        {
            RuntimeCallRewriter.For(node, context)!.ReplaceInPlace(node, context);
            return;
        }

        if (key == FlushAroundKey)
        {
            StatementSyntax anchor = FlushAnchor(context, diagnostic, node)!;
            string flush = context.FileSync(diagnostic.Properties[DiagnosticProperties.FlushPath]!, anchor.SpanStart);
            var after = new List<string>();
            if (diagnostic.Properties.TryGetValue(DiagnosticProperties.SyncPath, out string? target) && target is not null)
            {
                after.Add(context.DirectorySync(target, anchor.SpanStart));
            }

            context.InsertAround(anchor, new[] { flush }, after);
            return;
        }

        (SyntaxNode write, RuntimeCallRewriter writeRewriter, ExpressionSyntax destination, StatementSyntax renameStatement) = Collapse(context, diagnostic, node)!.Value;
        context.Editor.ReplaceNode(write, (current, _) =>
        {
            var rewritten = (InvocationExpressionSyntax)writeRewriter.Apply(current, context, write.SpanStart);
            ArgumentSyntax first = rewritten.ArgumentList.Arguments[0];
            return rewritten.ReplaceNode(first, first.WithExpression(destination.WithTriviaFrom(first.Expression)));
        });
        context.Editor.RemoveNode(renameStatement);
    }

    private static (SyntaxNode Write, RuntimeCallRewriter Rewriter, ExpressionSyntax Destination, StatementSyntax RenameStatement)? Collapse(
        FixContext context, Diagnostic diagnostic, SyntaxNode rename)
    {
        if (!diagnostic.Properties.ContainsKey(DiagnosticProperties.Collapse) || diagnostic.AdditionalLocations.Count == 0
            || context.NodeAt(diagnostic.AdditionalLocations[0]) is not InvocationExpressionSyntax write
            || RuntimeCallRewriter.For(write, context) is not { } rewriter
            || write.ArgumentList.Arguments.Count == 0 || write.ArgumentList.Arguments[0].NameColon is not null
            || context.SemanticModel.GetOperation(rename, context.CancellationToken) is not IInvocationOperation move
            || StatementAnchors.Enclosing(rename) is not ExpressionStatementSyntax renameStatement)
        {
            return null;
        }

        foreach (IArgumentOperation argument in move.Arguments)
        {
            if (argument.Parameter?.Name == "destFileName" && argument.Value.Syntax is ExpressionSyntax destination)
            {
                return (write, rewriter, destination.WithoutTrivia(), renameStatement);
            }
        }

        return null;
    }
}
