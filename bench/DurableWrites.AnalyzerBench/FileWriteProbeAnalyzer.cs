using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace DurableWrites.AnalyzerBench;

/// <summary>
/// A stand-in with the shape of a durability rule: resolves the System.IO types once per compilation, then looks
/// at every invocation and object creation and reports the file writes. It checks that the harness measures an
/// analyzer end to end; the numbers that matter come from the real analyzer assembly given with --analyzers.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class FileWriteProbeAnalyzer : DiagnosticAnalyzer
{
    private static readonly DiagnosticDescriptor Rule = new(
        "PROBE001", "File write", "'{0}' writes a file", "Benchmark", DiagnosticSeverity.Warning, isEnabledByDefault: true);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            INamedTypeSymbol? file = start.Compilation.GetTypeByMetadataName("System.IO.File");
            INamedTypeSymbol? stream = start.Compilation.GetTypeByMetadataName("System.IO.FileStream");
            INamedTypeSymbol? writer = start.Compilation.GetTypeByMetadataName("System.IO.StreamWriter");
            if (file is null)
            {
                return;
            }

            start.RegisterOperationAction(operation =>
            {
                var invocation = (IInvocationOperation)operation.Operation;
                IMethodSymbol method = invocation.TargetMethod;
                if (SymbolEqualityComparer.Default.Equals(method.ContainingType, file)
                    && (method.Name.StartsWith("Write", System.StringComparison.Ordinal) || method.Name.StartsWith("Append", System.StringComparison.Ordinal)
                        || method.Name is "Move" or "Copy" or "Replace"))
                {
                    operation.ReportDiagnostic(Diagnostic.Create(Rule, invocation.Syntax.GetLocation(), "File." + method.Name));
                }
            }, OperationKind.Invocation);

            start.RegisterOperationAction(operation =>
            {
                var creation = (IObjectCreationOperation)operation.Operation;
                INamedTypeSymbol? type = creation.Type as INamedTypeSymbol;
                if (SymbolEqualityComparer.Default.Equals(type, stream) || SymbolEqualityComparer.Default.Equals(type, writer))
                {
                    operation.ReportDiagnostic(Diagnostic.Create(Rule, creation.Syntax.GetLocation(), "new " + type!.Name));
                }
            }, OperationKind.ObjectCreation);
        });
    }
}
