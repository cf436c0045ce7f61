using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace DurableWrites.Analyzers;

/// <summary>
/// A file stream that is written and then closed without Flush(true) after its last write (also one a method opens into
/// a field and closes again), or one kept in a field that is only ever flushed with Flush()/FlushAsync().
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class Dur001UnflushedStreamAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.UnflushedStream);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            MethodAnalysis.Register(start, RuleIds.UnflushedStream);
            FieldStreamFlushes.Register(start);
        });
    }
}
