using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace DurableWrites.CodeFixes;

/// <summary>
/// The shape every fixer here shares: each fix has a stable equivalence key, applies to one diagnostic or to all of a
/// document's at once (Fix All in document, project or solution, and <c>dotnet format analyzers</c>), and adds the
/// <c>using DurableWrites;</c> its code needs once per document.
/// </summary>
public abstract class DurableCodeFixProvider : CodeFixProvider
{
    private protected DurableCodeFixProvider()
    {
    }

    public sealed override FixAllProvider GetFixAllProvider() =>
        FixAllProvider.Create((fixAll, document, diagnostics) => FixAsync(document, diagnostics, fixAll.CodeActionEquivalenceKey, fixAll.CancellationToken)!);

    public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        FixContext fix = await FixContext.CreateAsync(context.Document, context.CancellationToken).ConfigureAwait(false);
        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            foreach ((string title, string key) in Offers(fix, diagnostic))
            {
                context.RegisterCodeFix(
                    CodeAction.Create(title, cancellationToken => FixAsync(context.Document, ImmutableArray.Create(diagnostic), key, cancellationToken), key),
                    diagnostic);
            }
        }
    }

    /// <summary>The fixes (title, equivalence key) that apply to <paramref name="diagnostic"/>.</summary>
    private protected abstract IEnumerable<(string Title, string Key)> Offers(FixContext context, Diagnostic diagnostic);

    /// <summary>Records the edits of fix <paramref name="key"/> for <paramref name="diagnostic"/> in the context's editor.</summary>
    private protected abstract void Apply(FixContext context, Diagnostic diagnostic, string key);

    private async Task<Document> FixAsync(Document document, ImmutableArray<Diagnostic> diagnostics, string? key, CancellationToken cancellationToken)
    {
        if (key is null)
        {
            return document;
        }

        FixContext context = await FixContext.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        foreach (Diagnostic diagnostic in diagnostics.OrderBy(d => d.Location.SourceSpan.Start))
        {
            if (Offers(context, diagnostic).Any(offer => offer.Key == key))
            {
                Apply(context, diagnostic, key);
            }
        }

        return await context.FinishAsync().ConfigureAwait(false);
    }
}
