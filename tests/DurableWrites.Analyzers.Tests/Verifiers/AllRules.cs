using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DurableWrites.CodeFixes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace DurableWrites.Analyzers.Tests.Verifiers;

/// <summary>Runs the five analyzers together, as a build does, and applies their fixes in a workspace, as an IDE or dotnet format does.</summary>
internal static class AllRules
{
    public static ImmutableArray<DiagnosticAnalyzer> Analyzers { get; } = ImmutableArray.Create<DiagnosticAnalyzer>(
        new Dur001UnflushedStreamAnalyzer(), new Dur002DirectoryEntryAnalyzer(), new Dur003GlobalSyncAnalyzer(),
        new Dur004OneShotWriteAnalyzer(), new Dur005RenameUnflushedAnalyzer());

    public static ImmutableArray<CodeFixProvider> Fixers { get; } = ImmutableArray.Create<CodeFixProvider>(
        new Dur001UnflushedStreamFixer(), new Dur002DirectoryEntryFixer(), new Dur003GlobalSyncFixer(),
        new Dur004OneShotWriteFixer(), new Dur005RenameUnflushedFixer());

    public static Project CreateProject(string source, OutputKind outputKind = OutputKind.DynamicallyLinkedLibrary)
    {
        var workspace = new AdhocWorkspace();
        ProjectId id = ProjectId.CreateNewId();
        Solution solution = workspace.CurrentSolution
            .AddProject(ProjectInfo.Create(id, VersionStamp.Default, "Sample", "Sample", LanguageNames.CSharp,
                compilationOptions: new CSharpCompilationOptions(outputKind, nullableContextOptions: NullableContextOptions.Enable),
                parseOptions: new CSharpParseOptions(LanguageVersion.CSharp12),
                metadataReferences: TestReferences.Net80WithRuntime))
            .AddDocument(DocumentId.CreateNewId(id), "Sample.cs", SourceText.From(source), filePath: "/src/Sample.cs");
        return solution.GetProject(id)!;
    }

    /// <summary>The analyzers' diagnostics, and every exception an analyzer threw (which a build shows as AD0001).</summary>
    public static async Task<(ImmutableArray<Diagnostic> Diagnostics, IReadOnlyCollection<Exception> Exceptions)> AnalyzeAsync(Project project) =>
        await AnalyzeAsync((await project.GetCompilationAsync())!);

    /// <summary>As <see cref="AnalyzeAsync(Project)"/>, for a compilation built by hand.</summary>
    public static async Task<(ImmutableArray<Diagnostic> Diagnostics, IReadOnlyCollection<Exception> Exceptions)> AnalyzeAsync(Compilation compilation)
    {
        var exceptions = new ConcurrentQueue<Exception>();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            onAnalyzerException: (exception, _, _) => exceptions.Enqueue(exception),
            concurrentAnalysis: true,
            logAnalyzerExecutionTime: false);
        ImmutableArray<Diagnostic> diagnostics = await compilation.WithAnalyzers(Analyzers, options).GetAnalyzerDiagnosticsAsync(CancellationToken.None);
        return (diagnostics, exceptions);
    }

    public static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(string source, OutputKind outputKind = OutputKind.DynamicallyLinkedLibrary)
    {
        (ImmutableArray<Diagnostic> diagnostics, IReadOnlyCollection<Exception> exceptions) = await AnalyzeAsync(CreateProject(source, outputKind));
        Assert.Empty(exceptions);
        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
        return diagnostics;
    }

    /// <summary>
    /// "ID: message" for each diagnostic of a project that compiles, in source order; no analyzer may throw. For
    /// projects with references beyond <see cref="CreateProject"/>'s.
    /// </summary>
    public static async Task<string[]> MessagesAsync(Project project)
    {
        Assert.Empty(await CompilerErrorsAsync(project));
        (ImmutableArray<Diagnostic> diagnostics, IReadOnlyCollection<Exception> exceptions) = await AnalyzeAsync(project);
        Assert.Empty(exceptions);
        return diagnostics.OrderBy(d => d.Location.SourceSpan.Start)
            .Select(d => d.Id + ": " + d.GetMessage(System.Globalization.CultureInfo.InvariantCulture))
            .ToArray();
    }

    public static async Task<ImmutableArray<Diagnostic>> CompilerErrorsAsync(Project project) =>
        (await project.GetCompilationAsync())!.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToImmutableArray();

    /// <summary>
    /// The compiler warnings <paramref name="fixedProject"/> has beyond those of <paramref name="project"/>, counted per
    /// id: a fix must not add any (CS0162 unreachable code, CS8604 a possible null argument), which a project that treats
    /// warnings as errors would not build.
    /// </summary>
    public static async Task<List<Diagnostic>> NewCompilerWarningsAsync(Project project, Project fixedProject)
    {
        static async Task<List<Diagnostic>> Warnings(Project p) =>
            (await p.GetCompilationAsync())!.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Warning).ToList();

        var before = (await Warnings(project)).GroupBy(d => d.Id).ToDictionary(g => g.Key, g => g.Count());
        return (await Warnings(fixedProject)).GroupBy(d => d.Id)
            .Where(g => g.Count() > (before.TryGetValue(g.Key, out int count) ? count : 0))
            .SelectMany(g => g)
            .ToList();
    }

    /// <summary>Every code action the fixers offer for the project's diagnostics, with the diagnostic it fixes.</summary>
    public static async Task<List<(Diagnostic Diagnostic, CodeFixProvider Fixer, CodeAction Action)>> OffersAsync(Project project)
    {
        (ImmutableArray<Diagnostic> diagnostics, _) = await AnalyzeAsync(project);
        Document document = project.Documents.Single();
        var offers = new List<(Diagnostic, CodeFixProvider, CodeAction)>();
        foreach (Diagnostic diagnostic in diagnostics)
        {
            foreach (CodeFixProvider fixer in Fixers.Where(f => f.FixableDiagnosticIds.Contains(diagnostic.Id)))
            {
                var context = new CodeFixContext(document, diagnostic, (action, _) => offers.Add((diagnostic, fixer, action)), CancellationToken.None);
                await fixer.RegisterCodeFixesAsync(context);
            }
        }

        return offers;
    }

    public static async Task<Solution> ApplyAsync(CodeAction action)
    {
        ImmutableArray<CodeActionOperation> operations = await action.GetOperationsAsync(CancellationToken.None);
        return operations.OfType<ApplyChangesOperation>().Single().ChangedSolution;
    }

    /// <summary>Fix All in <paramref name="scope"/> for one fixer and equivalence key, as dotnet format runs it.</summary>
    public static async Task<Solution> FixAllAsync(Project project, CodeFixProvider fixer, string equivalenceKey, FixAllScope scope)
    {
        (ImmutableArray<Diagnostic> diagnostics, _) = await AnalyzeAsync(project);
        ImmutableArray<Diagnostic> fixable = diagnostics.Where(d => fixer.FixableDiagnosticIds.Contains(d.Id)).ToImmutableArray();
        var context = new FixAllContext(project.Documents.Single(), fixer, scope, equivalenceKey, fixer.FixableDiagnosticIds,
            new FixedDiagnostics(fixable), CancellationToken.None);
        CodeAction? action = await fixer.GetFixAllProvider()!.GetFixAsync(context);
        return action is null ? project.Solution : await ApplyAsync(action);
    }

    private sealed class FixedDiagnostics : FixAllContext.DiagnosticProvider
    {
        private readonly ImmutableArray<Diagnostic> _diagnostics;

        public FixedDiagnostics(ImmutableArray<Diagnostic> diagnostics) => _diagnostics = diagnostics;

        public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Task.FromResult<IEnumerable<Diagnostic>>(_diagnostics);

        public override Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken) =>
            Task.FromResult<IEnumerable<Diagnostic>>(_diagnostics.Where(d => d.Location.SourceTree?.FilePath == document.FilePath));

        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Task.FromResult<IEnumerable<Diagnostic>>(Array.Empty<Diagnostic>());
    }
}
