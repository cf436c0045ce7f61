using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DurableWrites.CodeFixes;

/// <summary>Adds one using directive where the file keeps its usings, in the order they follow (System first, then by name).</summary>
internal static class UsingDirectives
{
    public static CompilationUnitSyntax Add(CompilationUnitSyntax root, string namespaceName, IReadOnlyCollection<string> usedTypes)
    {
        if (root.DescendantNodes(node => node is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax)
            .OfType<UsingDirectiveSyntax>()
            .Any(u => u.Alias is null && u.StaticKeyword.IsKind(SyntaxKind.None) && u.Name?.ToString() == namespaceName))
        {
            return root;
        }

        string endOfLine = EndOfLine(root);
        bool rootHasUsings = root.Usings.Any(u => u.GlobalKeyword.IsKind(SyntaxKind.None));
        if (!rootHasUsings && NamespacesKeepingUsings(root, usedTypes) is { Count: > 0 } namespaces)
        {
            // The file keeps its usings inside its namespaces: add it to each namespace that uses the new names.
            return root.ReplaceNodes(namespaces, (_, declaration) => declaration.WithUsings(Insert(declaration.Usings, namespaceName, endOfLine)));
        }

        if (root.Usings.Count > 0)
        {
            return root.WithUsings(Insert(root.Usings, namespaceName, endOfLine));
        }

        // No usings yet: the new one goes first, after a file header comment if there is one.
        UsingDirectiveSyntax directive = Directive(namespaceName, endOfLine).WithTrailingTrivia(SyntaxFactory.EndOfLine(endOfLine), SyntaxFactory.EndOfLine(endOfLine));
        SyntaxToken first = root.GetFirstToken(includeZeroWidth: true);
        SyntaxTriviaList leading = first.LeadingTrivia;
        if (leading.Any(t => t.IsDirective) || leading.Count == 0)
        {
            return root.WithUsings(root.Usings.Add(directive));
        }

        CompilationUnitSyntax withoutHeader = root.ReplaceToken(first, first.WithLeadingTrivia(SyntaxTriviaList.Empty));
        return withoutHeader.WithUsings(withoutHeader.Usings.Add(directive.WithLeadingTrivia(leading)));
    }

    /// <summary>
    /// The top-level namespaces holding the simple names <paramref name="usedTypes"/>, when each of them has usings of its
    /// own and no such name is outside them; otherwise empty (the directive then goes at the top of the file).
    /// </summary>
    private static List<BaseNamespaceDeclarationSyntax> NamespacesKeepingUsings(CompilationUnitSyntax root, IReadOnlyCollection<string> usedTypes)
    {
        var namespaces = new List<BaseNamespaceDeclarationSyntax>();
        foreach (IdentifierNameSyntax name in root.DescendantNodes().OfType<IdentifierNameSyntax>())
        {
            if (!usedTypes.Contains(name.Identifier.ValueText) || name.Parent is QualifiedNameSyntax { Right: var right } && right == name
                || name.Parent is AliasQualifiedNameSyntax)
            {
                continue;
            }

            BaseNamespaceDeclarationSyntax? outermost = name.Ancestors().OfType<BaseNamespaceDeclarationSyntax>().LastOrDefault();
            if (outermost is null || outermost.Usings.Count == 0)
            {
                return new List<BaseNamespaceDeclarationSyntax>();
            }

            if (!namespaces.Contains(outermost))
            {
                namespaces.Add(outermost);
            }
        }

        return namespaces;
    }

    private static SyntaxList<UsingDirectiveSyntax> Insert(SyntaxList<UsingDirectiveSyntax> usings, string namespaceName, string endOfLine)
    {
        int index = InsertionIndex(usings, namespaceName);
        UsingDirectiveSyntax neighbour = usings[Math.Min(index, usings.Count - 1)];
        UsingDirectiveSyntax directive = Directive(namespaceName, endOfLine);
        if (index == 0)
        {
            // Take over the first directive's leading trivia (a file header, say), and leave it only its indentation.
            directive = directive.WithLeadingTrivia(neighbour.GetLeadingTrivia());
            usings = usings.Replace(neighbour, neighbour.WithLeadingTrivia(Indentation(neighbour.GetLeadingTrivia())));
        }
        else
        {
            directive = directive.WithLeadingTrivia(Indentation(neighbour.GetLeadingTrivia()));
        }

        return usings.Insert(index, directive);
    }

    private static int InsertionIndex(SyntaxList<UsingDirectiveSyntax> usings, string namespaceName)
    {
        int afterLastOrdinary = -1;
        int afterLastGlobal = 0;
        for (int i = 0; i < usings.Count; i++)
        {
            UsingDirectiveSyntax directive = usings[i];
            if (!directive.GlobalKeyword.IsKind(SyntaxKind.None))
            {
                afterLastGlobal = i + 1;
                continue;
            }

            if (directive.Alias is not null || !directive.StaticKeyword.IsKind(SyntaxKind.None) || directive.Name is null)
            {
                continue;
            }

            if (Compare(directive.Name.ToString(), namespaceName) > 0)
            {
                return i;
            }

            afterLastOrdinary = i + 1;
        }

        return afterLastOrdinary >= 0 ? afterLastOrdinary : afterLastGlobal;
    }

    /// <summary>System and System.* first, then ordinal ignoring case: what dotnet_sort_system_directives_first keeps.</summary>
    private static int Compare(string first, string second)
    {
        bool firstIsSystem = first == "System" || first.StartsWith("System.", StringComparison.Ordinal);
        bool secondIsSystem = second == "System" || second.StartsWith("System.", StringComparison.Ordinal);
        if (firstIsSystem != secondIsSystem)
        {
            return firstIsSystem ? -1 : 1;
        }

        return string.Compare(first, second, StringComparison.OrdinalIgnoreCase);
    }

    private static UsingDirectiveSyntax Directive(string namespaceName, string endOfLine) =>
        SyntaxFactory.UsingDirective(SyntaxFactory.ParseName(namespaceName).WithLeadingTrivia(SyntaxFactory.Space))
            .WithTrailingTrivia(SyntaxFactory.EndOfLine(endOfLine));

    private static SyntaxTriviaList Indentation(SyntaxTriviaList leading)
    {
        SyntaxTrivia last = leading.LastOrDefault();
        return last.IsKind(SyntaxKind.WhitespaceTrivia) ? SyntaxFactory.TriviaList(last) : SyntaxTriviaList.Empty;
    }

    public static string EndOfLine(SyntaxNode root)
    {
        foreach (SyntaxTrivia trivia in root.DescendantTrivia())
        {
            if (trivia.IsKind(SyntaxKind.EndOfLineTrivia))
            {
                return trivia.ToString();
            }
        }

        return "\n";
    }
}
