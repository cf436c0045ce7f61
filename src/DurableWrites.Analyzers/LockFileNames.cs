using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace DurableWrites.Analyzers;

/// <summary>
/// Whether an exclusive open names a lock file: <c>new FileStream(lockPath, …, FileShare.None)</c>, or an exclusive open
/// in <c>LockFile.TryAcquire</c> or <c>AcquireLock()</c>. Such a file keeps other processes out while it is open; a crash
/// ends what it guards, so neither its data nor its name needs to survive one.
/// </summary>
internal static class LockFileNames
{
    private static readonly string[] LockWords = { "lock", "locks", "lockfile" };

    /// <summary>
    /// True when the path's identifiers or string constants, a local the path reads (through its one value), the
    /// variable the stream is put in, the enclosing method or local function, its return type, or an enclosing type is
    /// named for a lock.
    /// </summary>
    public static bool NameALock(IOperation call, IOperation? path)
    {
        if (path is not null && (Names(path.Syntax) || DeclaredValueOf(path) is { } value && Names(value)))
        {
            return true;
        }

        if (HoldingVariable(call.Syntax) is { } holder && IdentifierWords.Contains(holder, LockWords))
        {
            return true;
        }

        ISymbol? enclosing = call.SemanticModel?.GetEnclosingSymbol(call.Syntax.SpanStart);
        if (enclosing is IMethodSymbol { ReturnType.Name: { } returned } && IdentifierWords.Contains(returned, LockWords))
        {
            // LockFile CreateNoShareFile(string path): what the method returns says what it opens.
            return true;
        }

        for (ISymbol? symbol = enclosing; symbol is not null and not INamespaceSymbol; symbol = symbol.ContainingSymbol)
        {
            if (IdentifierWords.Contains(symbol.Name, LockWords))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The variable, field or property the opened stream is put in: <c>var lockStream = new FileStream(…)</c>, <c>_lock = File.Open(…)</c>.</summary>
    private static string? HoldingVariable(SyntaxNode call) => call.Parent switch
    {
        EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator } => declarator.Identifier.ValueText,
        AssignmentExpressionSyntax { Left: IdentifierNameSyntax name } assignment when assignment.Right == call => name.Identifier.ValueText,
        AssignmentExpressionSyntax { Left: MemberAccessExpressionSyntax { Name: { } member } } assignment when assignment.Right == call => member.Identifier.ValueText,
        _ => null,
    };

    private static bool Names(SyntaxNode path)
    {
        foreach (SyntaxNode node in path.DescendantNodesAndSelf())
        {
            switch (node)
            {
                case IdentifierNameSyntax identifier when IdentifierWords.Contains(identifier.Identifier.ValueText, LockWords):
                    return true;
                case LiteralExpressionSyntax literal when literal.IsKind(SyntaxKind.StringLiteralExpression) && LiteralNamesALock(literal.Token.ValueText):
                    return true;
                case InterpolatedStringTextSyntax text when LiteralNamesALock(text.TextToken.ValueText):
                    return true;
            }
        }

        return false;
    }

    /// <summary>A constant's words, split at anything but letters and digits: <c>"app.lock"</c>, <c>"locks/"</c>.</summary>
    private static bool LiteralNamesALock(string text)
    {
        int start = 0;
        for (int i = 0; i <= text.Length; i++)
        {
            if (i < text.Length && char.IsLetterOrDigit(text[i]))
            {
                continue;
            }

            if (i > start && IdentifierWords.Contains(text.Substring(start, i - start), LockWords))
            {
                return true;
            }

            start = i + 1;
        }

        return false;
    }

    /// <summary>The value a local path variable is declared with (<c>var path = Path.Combine(dir, "app.lock");</c>), if any.</summary>
    private static ExpressionSyntax? DeclaredValueOf(IOperation path) =>
        FileOperationClassifier.WithoutConversions(path) is ILocalReferenceOperation { Local.DeclaringSyntaxReferences: { Length: 1 } declarations }
            && declarations[0].GetSyntax() is VariableDeclaratorSyntax { Initializer.Value: { } value }
            ? value
            : null;
}
