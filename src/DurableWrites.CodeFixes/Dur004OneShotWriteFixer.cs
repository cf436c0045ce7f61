using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using DurableWrites.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace DurableWrites.CodeFixes;

/// <summary>DUR004: calls the DurableFile twin of the one-shot write, with the same arguments.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(Dur004OneShotWriteFixer)), Shared]
public sealed class Dur004OneShotWriteFixer : DurableCodeFixProvider
{
    public const string UseDurableFileKey = "DUR004.UseDurableFile";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.OneShotWrite);

    private protected override IEnumerable<(string Title, string Key)> Offers(FixContext context, Diagnostic diagnostic)
    {
        if (!diagnostic.Properties.ContainsKey(DiagnosticProperties.NoRuntimeTwin)
            && context.NodeOf(diagnostic) is { } node && RuntimeCallRewriter.For(node, context) is not null)
        {
            yield return ("Write durably with DurableFile", UseDurableFileKey);
        }
    }

    private protected override void Apply(FixContext context, Diagnostic diagnostic, string key)
    {
        SyntaxNode node = context.NodeOf(diagnostic)!;
        RuntimeCallRewriter.For(node, context)!.ReplaceInPlace(node, context);
    }
}
