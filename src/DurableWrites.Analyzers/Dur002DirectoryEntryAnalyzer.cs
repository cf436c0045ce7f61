using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace DurableWrites.Analyzers;

/// <summary>A file created, renamed, copied or replaced whose directory is never flushed.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class Dur002DirectoryEntryAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.DirectoryEntryNotDurable);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start => MethodAnalysis.Register(start, RuleIds.DirectoryEntryNotDurable));
    }
}
