using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DurableWrites.Analyzers;

/// <summary>
/// What the text of a field's or get-only property's own type tells of the values it can hold: its initializer (or
/// expression body) and every assignment to it in that type. Read from syntax, since binding other trees would be
/// costly; computed once per member and compilation (see <see cref="KnownSymbols.MemberValues"/>).
/// </summary>
internal sealed class MemberValues
{
    private static readonly MemberValues Unknown = new(alwaysTemporary: false, soleString: null);

    private MemberValues(bool alwaysTemporary, string? soleString)
    {
        AlwaysTemporary = alwaysTemporary;
        SoleString = soleString;
    }

    /// <summary>
    /// Every value mentions the temporary directory (<c>_root = Path.Combine(Path.GetTempPath(), …)</c> in a test
    /// class's constructor or set-up method).
    /// </summary>
    public bool AlwaysTemporary { get; }

    /// <summary>The string literal that is the member's only value (<c>readonly string LockFile = "app.lck";</c>), or null.</summary>
    public string? SoleString { get; }

    /// <summary>
    /// True for a member only its own type can set: a read-only, constant or private field, or a get-only property
    /// that no override can replace. Of any other, its type's text cannot tell every value.
    /// </summary>
    private static bool OnlyItsTypeSets(ISymbol member) => member switch
    {
        IFieldSymbol field => field.IsReadOnly || field.IsConst || field.DeclaredAccessibility == Accessibility.Private,
        IPropertySymbol property => property.IsReadOnly && !property.IsVirtual && !property.IsAbstract && !property.IsOverride,
        _ => false,
    };

    public static MemberValues Of(ISymbol member)
    {
        if (!OnlyItsTypeSets(member))
        {
            return Unknown;
        }

        var values = new List<ExpressionSyntax>();
        foreach (SyntaxReference reference in member.DeclaringSyntaxReferences)
        {
            switch (reference.GetSyntax())
            {
                case PropertyDeclarationSyntax { ExpressionBody: { } body }:
                    // Computed on each read: its expression is its only value.
                    return From(new[] { body.Expression });
                case VariableDeclaratorSyntax { Initializer: { } initializer }:
                    values.Add(initializer.Value);
                    break;
                case PropertyDeclarationSyntax { Initializer: { } initializer }:
                    values.Add(initializer.Value);
                    break;
            }
        }

        foreach (SyntaxReference typeReference in member.ContainingType?.DeclaringSyntaxReferences ?? ImmutableArray<SyntaxReference>.Empty)
        {
            foreach (SyntaxNode node in typeReference.GetSyntax().DescendantNodes())
            {
                if (node is AssignmentExpressionSyntax assignment && Names(assignment.Left, member.Name))
                {
                    if (!assignment.IsKind(SyntaxKind.SimpleAssignmentExpression) && !assignment.IsKind(SyntaxKind.CoalesceAssignmentExpression))
                    {
                        return Unknown;
                    }

                    values.Add(assignment.Right);
                }
            }
        }

        return From(values);
    }

    private static bool Names(ExpressionSyntax target, string name) => target switch
    {
        IdentifierNameSyntax identifier => identifier.Identifier.ValueText == name,
        MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax, Name: var member } => member.Identifier.ValueText == name,
        _ => false,
    };

    private static MemberValues From(IReadOnlyList<ExpressionSyntax> values)
    {
        if (values.Count == 0)
        {
            return Unknown;
        }

        bool alwaysTemporary = true;
        foreach (ExpressionSyntax value in values)
        {
            alwaysTemporary &= MentionsTemp(value.ToString());
        }

        string? soleString = values.Count == 1 && values[0] is LiteralExpressionSyntax { Token.Value: string text } ? text : null;
        return alwaysTemporary || soleString is not null ? new MemberValues(alwaysTemporary, soleString) : Unknown;
    }

    private static bool MentionsTemp(string text) =>
        text.IndexOf("GetTempPath", StringComparison.Ordinal) >= 0 || text.IndexOf("GetTempFileName", StringComparison.Ordinal) >= 0
        || text.IndexOf("CreateTempSubdirectory", StringComparison.Ordinal) >= 0;
}
