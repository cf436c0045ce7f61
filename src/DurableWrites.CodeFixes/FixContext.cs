using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;

namespace DurableWrites.CodeFixes;

/// <summary>
/// One document being fixed: its semantic model (of the text before any fix), an editor collecting every fix of a
/// Fix All pass, and the names the new code may use, with the one <c>using DurableWrites;</c> they may need.
/// </summary>
internal sealed class FixContext
{
    public const string RuntimeNamespace = "DurableWrites";

    private readonly Dictionary<string, string> _names = new();
    private readonly HashSet<string> _runtimeTypesUsed = new();
    private readonly HashSet<(StatementSyntax Anchor, string Statement)> _inserted = new();
    private bool _needsRuntimeUsing;

    private FixContext(Document document, DocumentEditor editor, CancellationToken cancellationToken)
    {
        Document = document;
        Editor = editor;
        SemanticModel = editor.SemanticModel;
        Root = editor.OriginalRoot;
        CancellationToken = cancellationToken;
        EndOfLine = UsingDirectives.EndOfLine(Root);
    }

    public Document Document { get; }

    public DocumentEditor Editor { get; }

    public SemanticModel SemanticModel { get; }

    public SyntaxNode Root { get; }

    public CancellationToken CancellationToken { get; }

    public string EndOfLine { get; }

    /// <summary>True when the project references the DurableWrites runtime, which most fixes call.</summary>
    public bool HasRuntime => SemanticModel.Compilation.GetTypeByMetadataName(RuntimeNamespace + ".DurableFile") is not null;

    public static async Task<FixContext> CreateAsync(Document document, CancellationToken cancellationToken) =>
        new(document, await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false), cancellationToken);

    /// <summary>The node a diagnostic points at, innermost for ties (a call that is also an argument is the call).</summary>
    public SyntaxNode? NodeOf(Diagnostic diagnostic) => NodeAt(diagnostic.Location);

    public SyntaxNode? NodeAt(Location location) =>
        location.IsInSource && location.SourceTree == Root.SyntaxTree
            ? Root.FindNode(location.SourceSpan, getInnermostNodeForTie: true)
            : null;

    /// <summary>
    /// How new code names <paramref name="simpleName"/> (a DurableWrites type) at <paramref name="position"/>: by its simple
    /// name, adding <c>using DurableWrites;</c> when nothing imports it yet, or fully qualified when the name means something else there.
    /// </summary>
    public string RuntimeType(string simpleName, int position)
    {
        _runtimeTypesUsed.Add(simpleName);
        return TypeName(simpleName, RuntimeNamespace + "." + simpleName, position, isRuntime: true);
    }

    /// <summary>How new code names a System type (System.IO.Path, …) at <paramref name="position"/>.</summary>
    public string SystemType(string simpleName, string metadataName, int position) =>
        TypeName(simpleName, metadataName, position, isRuntime: false);

    private string TypeName(string simpleName, string metadataName, int position, bool isRuntime)
    {
        string key = metadataName + "@" + position;
        if (_names.TryGetValue(key, out string? known))
        {
            if (known == simpleName && isRuntime && !IsImported(simpleName, metadataName, position))
            {
                _needsRuntimeUsing = true;
            }

            return known;
        }

        INamedTypeSymbol? type = SemanticModel.Compilation.GetTypeByMetadataName(metadataName);
        // Every symbol, not only types: a property or local named Path hides System.IO.Path in an expression.
        var found = SemanticModel.LookupSymbols(position, name: simpleName);
        string name;
        if (found.Length == 1 && SymbolEqualityComparer.Default.Equals(found[0], type))
        {
            name = simpleName;
        }
        else if (found.IsEmpty && isRuntime && !IsShadowed(RuntimeNamespace, position))
        {
            name = simpleName;
            _needsRuntimeUsing = true;
        }
        else
        {
            name = "global::" + metadataName;
        }

        _names[key] = name;
        return name;
    }

    private bool IsImported(string simpleName, string metadataName, int position)
    {
        var found = SemanticModel.LookupSymbols(position, name: simpleName);
        return found.Length == 1 && SymbolEqualityComparer.Default.Equals(found[0], SemanticModel.Compilation.GetTypeByMetadataName(metadataName));
    }

    private bool IsShadowed(string name, int position) => !SemanticModel.LookupNamespacesAndTypes(position, name: name).All(s => s is INamespaceSymbol);

    /// <summary>A short name that means nothing yet at <paramref name="position"/>: <paramref name="preferred"/>, or it with a number.</summary>
    public string FreeName(string preferred, int position)
    {
        string name = preferred;
        for (int i = 2; !SemanticModel.LookupSymbols(position, name: name).IsEmpty; i++)
        {
            name = preferred + i;
        }

        return name;
    }

    /// <summary><c>DurableFile.Sync(path);</c> for the path's source text: the file's data, then its directory entry.</summary>
    public string FileSync(string pathText, int position) => $"{RuntimeType("DurableFile", position)}.Sync({pathText});";

    /// <summary>
    /// <c>DurableDirectory.Sync(Path.GetDirectoryName(Path.GetFullPath(path))!);</c> for the path's source text, with the
    /// names as they resolve at <paramref name="position"/> (the <c>!</c> only where the language has it).
    /// </summary>
    public string DirectorySync(string pathText, int position)
    {
        string path = SystemType("Path", "System.IO.Path", position);
        bool nullable = ((CSharpParseOptions)Root.SyntaxTree.Options).LanguageVersion >= LanguageVersion.CSharp8;
        return $"{RuntimeType("DurableDirectory", position)}.Sync({path}.GetDirectoryName({path}.GetFullPath({pathText})){(nullable ? "!" : string.Empty)});";
    }

    /// <summary>Parses <paramref name="text"/> as statements laid out like <paramref name="anchor"/> (its indentation, the file's line ends).</summary>
    public IEnumerable<StatementSyntax> Statements(IEnumerable<string> text, StatementSyntax anchor)
    {
        SyntaxTrivia indentation = anchor.GetLeadingTrivia().LastOrDefault(t => t.IsKind(SyntaxKind.WhitespaceTrivia));
        bool sameLine = !EndsItsLine(anchor);
        foreach (string line in text)
        {
            StatementSyntax statement = SyntaxFactory.ParseStatement(line);
            yield return sameLine
                ? statement.WithLeadingTrivia(SyntaxTriviaList.Empty).WithTrailingTrivia(SyntaxFactory.Space)
                : statement
                    .WithLeadingTrivia(indentation.IsKind(SyntaxKind.WhitespaceTrivia) ? SyntaxFactory.TriviaList(indentation) : SyntaxTriviaList.Empty)
                    .WithTrailingTrivia(SyntaxFactory.EndOfLine(EndOfLine));
        }
    }

    /// <summary>
    /// False for a statement that shares its line with what follows (<c>{ File.Create(path).Dispose(); }</c>): what is
    /// inserted after it stays on that line, as the author wrote it.
    /// </summary>
    private static bool EndsItsLine(StatementSyntax statement) =>
        statement.GetTrailingTrivia().Any(t => t.IsKind(SyntaxKind.EndOfLineTrivia))
        || statement.GetLastToken().GetNextToken().IsKind(SyntaxKind.None);

    /// <summary>
    /// Inserts statements after <paramref name="anchor"/>; an embedded statement (if body without braces, …) becomes a
    /// block first. A statement already inserted after the same anchor (two diagnostics fixed at once that need the
    /// same flush) is not inserted again.
    /// </summary>
    public bool InsertAfter(StatementSyntax anchor, IReadOnlyList<string> statements) =>
        InsertAround(anchor, System.Array.Empty<string>(), statements);

    /// <summary>
    /// Inserts <paramref name="before"/> before <paramref name="anchor"/> and <paramref name="after"/> after it; an
    /// embedded statement becomes a block first. False when the anchor is in no statement list or block.
    /// </summary>
    public bool InsertAround(StatementSyntax anchor, IReadOnlyList<string> before, IReadOnlyList<string> after)
    {
        before = before.Where(statement => _inserted.Add((anchor, "before:" + statement))).ToList();
        after = after.Where(statement => _inserted.Add((anchor, statement))).ToList();
        if (before.Count == 0 && after.Count == 0)
        {
            return true;
        }

        if (anchor.Parent is BlockSyntax or SwitchSectionSyntax)
        {
            if (before.Count > 0)
            {
                var inserted = Statements(before, anchor).ToList();
                SyntaxTriviaList leading = anchor.GetLeadingTrivia();
                if (leading.Any(t => !t.IsKind(SyntaxKind.WhitespaceTrivia)))
                {
                    // What set the anchor apart (a blank line, a comment, a directive) now comes before what goes before
                    // it: the new statements go in right before its first token, as if typed there.
                    inserted[0] = inserted[0].WithLeadingTrivia(leading);
                    SyntaxTriviaList indentation = leading.Count > 0 && leading[leading.Count - 1].IsKind(SyntaxKind.WhitespaceTrivia)
                        ? SyntaxFactory.TriviaList(leading[leading.Count - 1])
                        : SyntaxTriviaList.Empty;
                    Editor.ReplaceNode(anchor, (current, _) => current.WithLeadingTrivia(indentation));
                }

                Editor.InsertBefore(anchor, inserted);
            }

            if (after.Count > 0)
            {
                Editor.InsertAfter(anchor, Statements(after, anchor));
            }

            return true;
        }

        if (anchor.Parent is GlobalStatementSyntax global)
        {
            if (before.Count > 0)
            {
                Editor.InsertBefore(global, Statements(before, anchor).Select(s => (SyntaxNode)SyntaxFactory.GlobalStatement(s)));
            }

            if (after.Count > 0)
            {
                Editor.InsertAfter(global, Statements(after, anchor).Select(s => (SyntaxNode)SyntaxFactory.GlobalStatement(s)));
            }

            return true;
        }

        if (anchor.Parent is StatementSyntax or ElseClauseSyntax)
        {
            WrapInBlock(anchor, before, after);
            return true;
        }

        return false;
    }

    /// <summary>
    /// Inserts statements at the start of a using statement's body, where its resources exist: for
    /// <c>using (File.Create(path)) { return true; }</c>, whose end no path reaches.
    /// </summary>
    public void InsertAtStartOf(UsingStatementSyntax @using, IReadOnlyList<string> statements)
    {
        statements = statements.Where(statement => _inserted.Add((@using, statement))).ToList();
        if (statements.Count == 0)
        {
            return;
        }

        if (@using.Statement is BlockSyntax { Statements.Count: > 0 } block)
        {
            StatementSyntax first = block.Statements[0];
            Editor.InsertBefore(first, Statements(statements, first));
        }
        else
        {
            WrapInBlock(@using.Statement, statements, System.Array.Empty<string>());
        }
    }

    /// <summary>
    /// False when no path runs past the end of <paramref name="statement"/> (it returns or throws on every path), so
    /// that nothing inserted after it would run.
    /// </summary>
    public bool CompletesNormally(StatementSyntax statement)
    {
        ControlFlowAnalysis? flow = SemanticModel.AnalyzeControlFlow(statement);
        return flow is not { Succeeded: true } || flow.EndPointIsReachable;
    }

    /// <summary><c>if (…) Call();</c>  →  <c>if (…) { Before(); Call(); After(); }</c>, braces at the owner's indentation.</summary>
    private void WrapInBlock(StatementSyntax embedded, IReadOnlyList<string> before, IReadOnlyList<string> after)
    {
        string outer = Indentation(embedded.Parent!.FirstAncestorOrSelf<StatementSyntax>()!);
        string inner = outer + "    ";
        Editor.ReplaceNode(embedded, (current, _) =>
        {
            var lines = before.Concat(new[] { current.WithoutTrivia().ToFullString() }).Concat(after).ToList();
            if (!EndsItsLine((StatementSyntax)current))
            {
                // if (…) Call(); on one line with more after it  →  if (…) { Call(); Added(); }
                return SyntaxFactory.ParseStatement("{ " + string.Join(" ", lines) + " }")
                    .WithLeadingTrivia(current.GetLeadingTrivia())
                    .WithTrailingTrivia(current.GetTrailingTrivia());
            }

            var text = new System.Text.StringBuilder("{" + EndOfLine);
            foreach (string line in lines)
            {
                text.Append(inner).Append(line).Append(EndOfLine);
            }

            text.Append(outer).Append('}');

            // using (…) Call(); on one line  →  the block's brace opens the next line, as it would for a block written by hand.
            // (the formatter then drops the space left before the new line break).
            bool startsItsLine = embedded.GetFirstToken().GetPreviousToken().TrailingTrivia.Any(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
            StatementSyntax block = SyntaxFactory.ParseStatement(text.ToString()).WithTrailingTrivia(current.GetTrailingTrivia());
            return startsItsLine
                ? block.WithLeadingTrivia(SyntaxFactory.Whitespace(outer))
                : block.WithLeadingTrivia(SyntaxFactory.EndOfLine(EndOfLine), SyntaxFactory.Whitespace(outer)).WithAdditionalAnnotations(Formatter.Annotation);
        });
    }

    private static string Indentation(SyntaxNode node)
    {
        SyntaxTrivia last = node.GetLeadingTrivia().LastOrDefault();
        return last.IsKind(SyntaxKind.WhitespaceTrivia) ? last.ToString() : string.Empty;
    }

    /// <summary>The document with every edit, and the using directive if a new name needs it.</summary>
    public async Task<Document> FinishAsync()
    {
        SyntaxNode root = Editor.GetChangedRoot();
        if (_needsRuntimeUsing && root is CompilationUnitSyntax compilationUnit)
        {
            root = UsingDirectives.Add(compilationUnit, RuntimeNamespace, _runtimeTypesUsed);
        }

        // Only blocks this fix built are annotated: the rest of the file keeps its layout.
        return await Formatter.FormatAsync(Document.WithSyntaxRoot(root), Formatter.Annotation, cancellationToken: CancellationToken).ConfigureAwait(false);
    }
}
