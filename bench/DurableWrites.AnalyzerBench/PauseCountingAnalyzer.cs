using System;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

// A wrapper, not an analyzer of its own: the analyzer it wraps configures itself and registers its actions through it.
#pragma warning disable RS1001, RS1012, RS1025, RS1026

namespace DurableWrites.AnalyzerBench;

/// <summary>
/// Runs an analyzer unchanged and adds up the garbage-collection pauses that fall inside its callbacks. The compiler's
/// telemetry times each callback with a clock, so a collection that happens to start while a callback runs is charged
/// to that analyzer, and a collection of the compiler's heap costs more the larger the compilation: any analyzer's own
/// time then grows faster than the corpus, the trivial probe's too. Subtracting the pauses leaves the analyzer's own
/// work. Exact only without concurrent analysis (the pause clock is the process's), which is how the benchmark runs.
/// Actions that a block-start or symbol-start action registers are not wrapped; their start action is. The measured
/// analyzers use neither, nor the value caches (<c>TryGetValue</c>), which a wrapped compilation-start context lacks.
/// </summary>
internal sealed class PauseCountingAnalyzer : DiagnosticAnalyzer
{
    private long _pauseTicks;

    public PauseCountingAnalyzer(DiagnosticAnalyzer inner) => Inner = inner;

    public DiagnosticAnalyzer Inner { get; }

    /// <summary>The collection pauses inside this analyzer's callbacks so far.</summary>
    public TimeSpan Pauses => TimeSpan.FromTicks(Interlocked.Read(ref _pauseTicks));

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Inner.SupportedDiagnostics;

    public override void Initialize(AnalysisContext context) => Inner.Initialize(new CountingAnalysisContext(context, this));

    internal Action<T> Counted<T>(Action<T> action) => argument =>
    {
        TimeSpan before = GC.GetTotalPauseDuration();
        try
        {
            action(argument);
        }
        finally
        {
            Interlocked.Add(ref _pauseTicks, (GC.GetTotalPauseDuration() - before).Ticks);
        }
    };

    private sealed class CountingAnalysisContext : AnalysisContext
    {
        private readonly AnalysisContext _inner;
        private readonly PauseCountingAnalyzer _meter;

        public CountingAnalysisContext(AnalysisContext inner, PauseCountingAnalyzer meter)
        {
            _inner = inner;
            _meter = meter;
        }

        public override void EnableConcurrentExecution() => _inner.EnableConcurrentExecution();

        public override void ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags analysisMode) => _inner.ConfigureGeneratedCodeAnalysis(analysisMode);

        public override void RegisterCompilationStartAction(Action<CompilationStartAnalysisContext> action) =>
            _inner.RegisterCompilationStartAction(_meter.Counted<CompilationStartAnalysisContext>(start => action(new CountingCompilationStartContext(start, _meter))));

        public override void RegisterCompilationAction(Action<CompilationAnalysisContext> action) => _inner.RegisterCompilationAction(_meter.Counted(action));

        public override void RegisterSemanticModelAction(Action<SemanticModelAnalysisContext> action) => _inner.RegisterSemanticModelAction(_meter.Counted(action));

        public override void RegisterSymbolAction(Action<SymbolAnalysisContext> action, ImmutableArray<SymbolKind> symbolKinds) =>
            _inner.RegisterSymbolAction(_meter.Counted(action), symbolKinds);

        public override void RegisterSymbolStartAction(Action<SymbolStartAnalysisContext> action, SymbolKind symbolKind) =>
            _inner.RegisterSymbolStartAction(_meter.Counted(action), symbolKind);

        public override void RegisterCodeBlockStartAction<TLanguageKindEnum>(Action<CodeBlockStartAnalysisContext<TLanguageKindEnum>> action) =>
            _inner.RegisterCodeBlockStartAction(_meter.Counted(action));

        public override void RegisterCodeBlockAction(Action<CodeBlockAnalysisContext> action) => _inner.RegisterCodeBlockAction(_meter.Counted(action));

        public override void RegisterSyntaxTreeAction(Action<SyntaxTreeAnalysisContext> action) => _inner.RegisterSyntaxTreeAction(_meter.Counted(action));

        public override void RegisterAdditionalFileAction(Action<AdditionalFileAnalysisContext> action) => _inner.RegisterAdditionalFileAction(_meter.Counted(action));

        public override void RegisterSyntaxNodeAction<TLanguageKindEnum>(Action<SyntaxNodeAnalysisContext> action, ImmutableArray<TLanguageKindEnum> syntaxKinds) =>
            _inner.RegisterSyntaxNodeAction(_meter.Counted(action), syntaxKinds);

        public override void RegisterOperationAction(Action<OperationAnalysisContext> action, ImmutableArray<OperationKind> operationKinds) =>
            _inner.RegisterOperationAction(_meter.Counted(action), operationKinds);

        public override void RegisterOperationBlockStartAction(Action<OperationBlockStartAnalysisContext> action) =>
            _inner.RegisterOperationBlockStartAction(_meter.Counted(action));

        public override void RegisterOperationBlockAction(Action<OperationBlockAnalysisContext> action) => _inner.RegisterOperationBlockAction(_meter.Counted(action));
    }

    private sealed class CountingCompilationStartContext : CompilationStartAnalysisContext
    {
        private readonly CompilationStartAnalysisContext _inner;
        private readonly PauseCountingAnalyzer _meter;

        public CountingCompilationStartContext(CompilationStartAnalysisContext inner, PauseCountingAnalyzer meter)
            : base(inner.Compilation, inner.Options, inner.CancellationToken)
        {
            _inner = inner;
            _meter = meter;
        }

        public override void RegisterCompilationEndAction(Action<CompilationAnalysisContext> action) => _inner.RegisterCompilationEndAction(_meter.Counted(action));

        public override void RegisterSemanticModelAction(Action<SemanticModelAnalysisContext> action) => _inner.RegisterSemanticModelAction(_meter.Counted(action));

        public override void RegisterSymbolAction(Action<SymbolAnalysisContext> action, ImmutableArray<SymbolKind> symbolKinds) =>
            _inner.RegisterSymbolAction(_meter.Counted(action), symbolKinds);

        public override void RegisterSymbolStartAction(Action<SymbolStartAnalysisContext> action, SymbolKind symbolKind) =>
            _inner.RegisterSymbolStartAction(_meter.Counted(action), symbolKind);

        public override void RegisterCodeBlockStartAction<TLanguageKindEnum>(Action<CodeBlockStartAnalysisContext<TLanguageKindEnum>> action) =>
            _inner.RegisterCodeBlockStartAction(_meter.Counted(action));

        public override void RegisterCodeBlockAction(Action<CodeBlockAnalysisContext> action) => _inner.RegisterCodeBlockAction(_meter.Counted(action));

        public override void RegisterSyntaxTreeAction(Action<SyntaxTreeAnalysisContext> action) => _inner.RegisterSyntaxTreeAction(_meter.Counted(action));

        public override void RegisterAdditionalFileAction(Action<AdditionalFileAnalysisContext> action) => _inner.RegisterAdditionalFileAction(_meter.Counted(action));

        public override void RegisterSyntaxNodeAction<TLanguageKindEnum>(Action<SyntaxNodeAnalysisContext> action, ImmutableArray<TLanguageKindEnum> syntaxKinds) =>
            _inner.RegisterSyntaxNodeAction(_meter.Counted(action), syntaxKinds);

        public override void RegisterOperationAction(Action<OperationAnalysisContext> action, ImmutableArray<OperationKind> operationKinds) =>
            _inner.RegisterOperationAction(_meter.Counted(action), operationKinds);

        public override void RegisterOperationBlockStartAction(Action<OperationBlockStartAnalysisContext> action) =>
            _inner.RegisterOperationBlockStartAction(_meter.Counted(action));

        public override void RegisterOperationBlockAction(Action<OperationBlockAnalysisContext> action) => _inner.RegisterOperationBlockAction(_meter.Counted(action));
    }
}
