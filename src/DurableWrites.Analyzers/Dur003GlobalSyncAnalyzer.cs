using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace DurableWrites.Analyzers;

/// <summary>A call of sync() or syncfs(), directly, through a P/Invoke, a library or the sync command.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class Dur003GlobalSyncAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.GlobalSync);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start => MethodAnalysis.Register(start, RuleIds.GlobalSync));
    }
}
