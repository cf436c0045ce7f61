using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using DurableWrites.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DurableWrites.CodeFixes;

/// <summary>
/// DUR001: opens a DurableFileStream instead (it flushes to disk, and syncs a new file's directory, on dispose),
/// or inserts <c>Flush(true)</c> after the last write (writers first flushed into the stream).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(Dur001UnflushedStreamFixer)), Shared]
public sealed class Dur001UnflushedStreamFixer : DurableCodeFixProvider
{
    public const string UseDurableStreamKey = "DUR001.UseDurableFileStream";
    public const string FlushToDiskKey = "DUR001.FlushToDisk";
    public const string FlushFieldToDiskKey = "DUR001.FlushFieldToDisk";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.UnflushedStream);

    private protected override IEnumerable<(string Title, string Key)> Offers(FixContext context, Diagnostic diagnostic)
    {
        SyntaxNode? node = context.NodeOf(diagnostic);
        if (node is null)
        {
            yield break;
        }

        if (diagnostic.Properties.ContainsKey(DiagnosticProperties.FieldFlush))
        {
            if (FieldFlushRewrite(node, diagnostic) is not null)
            {
                yield return ("Flush to disk (Flush(true))", FlushFieldToDiskKey);
            }

            yield break;
        }

        // A stream the method never closes would never run a DurableFileStream's flush.
        if (!diagnostic.Properties.ContainsKey(DiagnosticProperties.NeverClosed) && RuntimeCallRewriter.For(node, context) is not null)
        {
            yield return ("Open a DurableFileStream (flushes to disk on dispose)", UseDurableStreamKey);
        }

        if (FlushAnchor(context, diagnostic, node) is not null)
        {
            yield return ("Flush to disk after the last write", FlushToDiskKey);
        }
    }

    private protected override void Apply(FixContext context, Diagnostic diagnostic, string key)
    {
        SyntaxNode node = context.NodeOf(diagnostic)!;
        if (key == FlushFieldToDiskKey)
        {
            FieldFlushRewrite(node, diagnostic)!(context);
            return;
        }

        if (key == UseDurableStreamKey)
        {
            RuntimeCallRewriter.For(node, context)!.ReplaceInPlace(node, context);
            return;
        }

        StatementSyntax anchor = FlushAnchor(context, diagnostic, node)!;
        string[] lines = diagnostic.Properties[DiagnosticProperties.FlushStatements]!
            .Split('\n')
            .Select(line => line
                .Replace("(FileStream)", "(" + context.SystemType("FileStream", "System.IO.FileStream", anchor.SpanStart) + ")")
                .Replace("(StreamWriter)", "(" + context.SystemType("StreamWriter", "System.IO.StreamWriter", anchor.SpanStart) + ")")
                .Replace("(BinaryWriter)", "(" + context.SystemType("BinaryWriter", "System.IO.BinaryWriter", anchor.SpanStart) + ")")
                .Replace("RandomAccess.", context.SystemType("RandomAccess", "System.IO.RandomAccess", anchor.SpanStart) + "."))
            .ToArray();
        context.InsertAfter(anchor, lines);
    }

    /// <summary>
    /// For a field's <c>Flush()</c>: <c>Flush(true)</c> in its place. For an awaited <c>FlushAsync()</c> in a statement of
    /// its own: <c>field.Flush(true);</c> after that statement (.NET has no asynchronous flush to disk). For a writer's
    /// <c>Flush()</c> or awaited <c>FlushAsync()</c> in a statement of its own: its file stream's
    /// <c>((FileStream)writer.BaseStream).Flush(true);</c> after it. Null when the call has none of these shapes.
    /// </summary>
    private static System.Action<FixContext>? FieldFlushRewrite(SyntaxNode node, Diagnostic diagnostic)
    {
        // f.Flush() or f?.Flush(): the diagnostic covers the receiver and its ?. too.
        if (node is ConditionalAccessExpressionSyntax { WhenNotNull: InvocationExpressionSyntax bound })
        {
            node = bound;
        }

        if (node is not InvocationExpressionSyntax { Expression: var callee } invocation)
        {
            return null;
        }

        string? receiver = callee switch
        {
            MemberAccessExpressionSyntax access => access.Expression.WithoutTrivia().ToString() + ".",
            MemberBindingExpressionSyntax when invocation.Parent is ConditionalAccessExpressionSyntax conditional && conditional.WhenNotNull == invocation
                => conditional.Expression.WithoutTrivia().ToString() + "?.",
            _ => null,
        };
        SimpleNameSyntax? name = callee switch
        {
            MemberAccessExpressionSyntax access => access.Name,
            MemberBindingExpressionSyntax binding => binding.Name,
            _ => null,
        };
        if (receiver is null || name is null)
        {
            return null;
        }

        diagnostic.Properties.TryGetValue(DiagnosticProperties.FieldWriter, out string? writer);
        if (name.Identifier.ValueText == "Flush" && writer is null)
        {
            return context => context.Editor.ReplaceNode(invocation, (current, _) =>
                ((InvocationExpressionSyntax)current).WithArgumentList(SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(
                    SyntaxFactory.Argument(SyntaxFactory.LiteralExpression(SyntaxKind.TrueLiteralExpression))))));
        }

        // await f.FlushAsync(…)[.ConfigureAwait(…)]; or await f?.FlushAsync(…) as a statement of its own.
        SyntaxNode awaited = invocation.Parent is ConditionalAccessExpressionSyntax whole && whole.WhenNotNull == invocation ? whole : invocation;
        if (awaited.Parent is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait" } configure && configure.Parent is InvocationExpressionSyntax configured)
        {
            awaited = configured;
        }

        StatementSyntax? statement = name.Identifier.ValueText == "Flush"
            ? awaited.Parent as ExpressionStatementSyntax
            : awaited.Parent is AwaitExpressionSyntax { Parent: ExpressionStatementSyntax awaitedStatement } ? awaitedStatement : null;
        if (statement is null)
        {
            return null;
        }

        if (writer is null)
        {
            string flush = receiver + "Flush(true);";
            return context => context.InsertAfter(statement, new[] { flush });
        }

        return context => context.InsertAfter(statement, new[] { WriterFlushToDisk(context, receiver, writer == "TextWriter", statement.SpanStart) });
    }

    /// <summary>
    /// <c>((FileStream)w.BaseStream).Flush(true);</c>, through a cast to StreamWriter for a TextWriter, and with <c>?.</c>
    /// where the writer's flush had it (<c>(w?.BaseStream as FileStream)?.Flush(true);</c>).
    /// </summary>
    private static string WriterFlushToDisk(FixContext context, string receiver, bool heldAsTextWriter, int position)
    {
        string fileStream = context.SystemType("FileStream", "System.IO.FileStream", position);
        string streamWriter = context.SystemType("StreamWriter", "System.IO.StreamWriter", position);
        if (receiver.EndsWith("?.", System.StringComparison.Ordinal))
        {
            string nullable = receiver.Substring(0, receiver.Length - 2);
            string writerOrNull = heldAsTextWriter ? $"({nullable} as {streamWriter})?." : receiver;
            return $"({writerOrNull}BaseStream as {fileStream})?.Flush(true);";
        }

        string writer = receiver.Substring(0, receiver.Length - 1);
        string baseStream = heldAsTextWriter ? $"(({streamWriter}){writer}).BaseStream" : writer + ".BaseStream";
        return $"(({fileStream}){baseStream}).Flush(true);";
    }

    private static StatementSyntax? FlushAnchor(FixContext context, Diagnostic diagnostic, SyntaxNode creation)
    {
        if (!diagnostic.Properties.ContainsKey(DiagnosticProperties.FlushStatements) || diagnostic.AdditionalLocations.Count == 0
            || context.NodeAt(diagnostic.AdditionalLocations[0]) is not { } write)
        {
            return null;
        }

        // The variables the flush names (the stream, its writers): each must be in scope where it goes, and none closed before.
        string[] variables = diagnostic.Properties[DiagnosticProperties.FlushStatements]!.Split('\n').Select(VariableOf).ToArray();
        StatementSyntax? anchor = StatementAnchors.AfterLastWrite(creation, write, variables);

        // After an if whose branches all return, or a loop left only by return, a flush would never run.
        if (anchor is null || !context.CompletesNormally(anchor))
        {
            return null;
        }

        foreach (string variable in variables)
        {
            if (context.SemanticModel.LookupSymbols(anchor.SpanStart, name: variable).IsEmpty)
            {
                return null;
            }
        }

        return anchor;
    }

    /// <summary>The variable a generated flush statement works on: <c>w</c> in <c>w.Flush();</c>, <c>((FileStream)w.BaseStream)…</c>, <c>((FileStream)((StreamWriter)w).BaseStream)…</c>, <c>((FileStream)s)…</c>, <c>RandomAccess.FlushToDisk(h);</c>.</summary>
    private static string VariableOf(string line)
    {
        if (line.StartsWith("RandomAccess.", System.StringComparison.Ordinal))
        {
            return line.Substring(line.IndexOf('(') + 1).TrimEnd(';', ')');
        }

        string trimmed = line.StartsWith("((FileStream)", System.StringComparison.Ordinal) ? line.Substring("((FileStream)".Length) : line;
        if (trimmed.StartsWith("((", System.StringComparison.Ordinal))
        {
            trimmed = trimmed.Substring(trimmed.IndexOf(')') + 1);
        }

        return trimmed.Substring(0, trimmed.IndexOfAny(new[] { '.', ')' }));
    }
}
