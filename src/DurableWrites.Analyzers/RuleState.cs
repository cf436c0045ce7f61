using System.Threading;
using Microsoft.CodeAnalysis;

namespace DurableWrites.Analyzers;

/// <summary>Whether a rule can report in a file, so that a rule standing back for another one only does so when that one is on.</summary>
internal static class RuleState
{
    public static bool IsEnabled(Compilation compilation, SyntaxTree tree, string ruleId, CancellationToken cancellationToken)
    {
        SyntaxTreeOptionsProvider? provider = compilation.Options.SyntaxTreeOptionsProvider;
        if (provider is not null)
        {
            if (provider.TryGetDiagnosticValue(tree, ruleId, cancellationToken, out ReportDiagnostic treeValue))
            {
                return treeValue != ReportDiagnostic.Suppress;
            }

            if (provider.TryGetGlobalDiagnosticValue(ruleId, cancellationToken, out ReportDiagnostic globalValue))
            {
                return globalValue != ReportDiagnostic.Suppress;
            }
        }

        return !compilation.Options.SpecificDiagnosticOptions.TryGetValue(ruleId, out ReportDiagnostic value) || value != ReportDiagnostic.Suppress;
    }
}
