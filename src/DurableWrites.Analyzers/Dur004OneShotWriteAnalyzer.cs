using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace DurableWrites.Analyzers;

/// <summary>File.WriteAll*, File.AppendAll*, new StreamWriter(path), Save(path) and the like, which never flush to disk.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class Dur004OneShotWriteAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.OneShotWrite);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start => MethodAnalysis.Register(start, RuleIds.OneShotWrite));
    }
}
