using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using DurableWrites.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DurableWrites.CodeFixes;

/// <summary>
/// DUR002: calls the DurableWrites twin (DurableFile.Move/Copy/Replace/Delete/Create/Open, DurableDirectory.Move/CreateDirectory),
/// which flushes the directories it changes, or inserts <c>DurableDirectory.Sync</c> of the parent directory after the call
/// (<c>DurableFile.Sync</c> of the new file after a copy, whose data needs the flush as much as its name).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(Dur002DirectoryEntryFixer)), Shared]
public sealed class Dur002DirectoryEntryFixer : DurableCodeFixProvider
{
    public const string UseRuntimeKey = "DUR002.UseDurableWrites";
    public const string SyncDirectoryKey = "DUR002.SyncDirectory";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.DirectoryEntryNotDurable);

    private protected override IEnumerable<(string Title, string Key)> Offers(FixContext context, Diagnostic diagnostic)
    {
        SyntaxNode? node = context.NodeOf(diagnostic);
        if (node is null)
        {
            yield break;
        }

        // A stream the method never closes would never run the twin's directory flush, which comes at its close.
        if (!diagnostic.Properties.ContainsKey(DiagnosticProperties.NeverClosed) && RuntimeCallRewriter.For(node, context) is not null)
        {
            yield return ("Use the DurableWrites equivalent (flushes the directory)", UseRuntimeKey);
        }

        if (context.HasRuntime && diagnostic.Properties.ContainsKey(DiagnosticProperties.SyncPath) && SyncAnchor(context, node) is not null)
        {
            yield return diagnostic.Properties.ContainsKey(DiagnosticProperties.CopiedFile)
                ? ("Flush the copy and its directory after this call", SyncDirectoryKey)
                : ("Flush the parent directory after this call", SyncDirectoryKey);
        }
    }

    private protected override void Apply(FixContext context, Diagnostic diagnostic, string key)
    {
        SyntaxNode node = context.NodeOf(diagnostic)!;
        if (key == UseRuntimeKey)
        {
            RuntimeCallRewriter.For(node, context)!.ReplaceInPlace(node, context);
            return;
        }

        StatementSyntax anchor = SyncAnchor(context, node)!;
        string path = diagnostic.Properties[DiagnosticProperties.SyncPath]!;

        // A copy's data is as new as its name: DurableFile.Sync flushes the file, then its directory.
        string sync = diagnostic.Properties.ContainsKey(DiagnosticProperties.CopiedFile)
            ? context.FileSync(path, anchor.SpanStart)
            : context.DirectorySync(path, anchor.SpanStart);
        if (anchor is UsingStatementSyntax @using && !context.CompletesNormally(@using))
        {
            context.InsertAtStartOf(@using, new[] { sync });
        }
        else
        {
            context.InsertAfter(anchor, new[] { sync });
        }
    }

    /// <summary>
    /// The statement after which the directory flush goes, or for a using statement whose end no path reaches
    /// (<c>using (File.Create(path)) { return true; }</c>) the one at whose body's start it goes; null when neither.
    /// </summary>
    private static StatementSyntax? SyncAnchor(FixContext context, SyntaxNode node) =>
        StatementAnchors.After(node) is { } anchor && (anchor is UsingStatementSyntax || context.CompletesNormally(anchor)) ? anchor : null;
}
