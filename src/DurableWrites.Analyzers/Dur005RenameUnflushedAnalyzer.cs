using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace DurableWrites.Analyzers;

/// <summary>A temporary file written in the method and renamed over its target before its data was flushed.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class Dur005RenameUnflushedAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.RenameUnflushed);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start => MethodAnalysis.Register(start, RuleIds.RenameUnflushed));
    }
}
