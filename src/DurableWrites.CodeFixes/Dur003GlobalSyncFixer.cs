using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using DurableWrites.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;

namespace DurableWrites.CodeFixes;

/// <summary>DUR003: replaces the global sync with <c>DurableFile.Sync(path)</c> for each file the method wrote before it.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(Dur003GlobalSyncFixer)), Shared]
public sealed class Dur003GlobalSyncFixer : DurableCodeFixProvider
{
    public const string SyncWrittenFilesKey = "DUR003.SyncWrittenFiles";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.GlobalSync);

    private protected override IEnumerable<(string Title, string Key)> Offers(FixContext context, Diagnostic diagnostic)
    {
        if (context.HasRuntime && diagnostic.Properties.TryGetValue(DiagnosticProperties.SyncPaths, out string? paths)
            && context.NodeOf(diagnostic)?.FirstAncestorOrSelf<ExpressionStatementSyntax>() is { } statement
            && (paths!.Length > 0 || statement.Parent is BlockSyntax or SwitchSectionSyntax))
        {
            yield return (paths.Length > 0 ? "Flush only the files this method wrote" : "Remove the global sync (the writes before it are durable)", SyncWrittenFilesKey);
        }
    }

    private protected override void Apply(FixContext context, Diagnostic diagnostic, string key)
    {
        ExpressionStatementSyntax statement = context.NodeOf(diagnostic)!.FirstAncestorOrSelf<ExpressionStatementSyntax>()!;
        if (diagnostic.Properties[DiagnosticProperties.SyncPaths]!.Length == 0)
        {
            context.Editor.RemoveNode(statement, SyntaxRemoveOptions.KeepNoTrivia);
            return;
        }

        string[] syncs = diagnostic.Properties[DiagnosticProperties.SyncPaths]!
            .Split('\n')
            .Select(path => context.FileSync(path, statement.SpanStart))
            .ToArray();
        List<StatementSyntax> replacement = context.Statements(syncs, statement).ToList();
        replacement[0] = replacement[0].WithLeadingTrivia(statement.GetLeadingTrivia());
        replacement[replacement.Count - 1] = replacement[replacement.Count - 1].WithTrailingTrivia(statement.GetTrailingTrivia());
        if (statement.Parent is BlockSyntax or SwitchSectionSyntax)
        {
            context.Editor.InsertAfter(statement, replacement.Skip(1));
            context.Editor.ReplaceNode(statement, replacement[0]);
        }
        else if (statement.Parent is GlobalStatementSyntax global)
        {
            context.Editor.InsertAfter(global, replacement.Skip(1).Select(s => SyntaxFactory.GlobalStatement(s)));
            context.Editor.ReplaceNode(statement, replacement[0]);
        }
        else
        {
            context.Editor.ReplaceNode(statement, replacement.Count == 1
                ? replacement[0]
                : SyntaxFactory.Block(replacement.Select(s => s.WithoutTrivia())).WithTriviaFrom(statement).WithAdditionalAnnotations(Formatter.Annotation));
        }
    }
}
