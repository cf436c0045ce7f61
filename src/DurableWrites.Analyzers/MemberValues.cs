using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
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
    private static readonly MemberValues Unknown = new(alwaysTemporary: false, soleString: null, pathGivenToBase: false);

    private MemberValues(bool alwaysTemporary, string? soleString, bool pathGivenToBase)
    {
        AlwaysTemporary = alwaysTemporary;
        SoleString = soleString;
        PathGivenToBase = pathGivenToBase;
    }

    /// <summary>
    /// Every value mentions the temporary directory (<c>_root = Path.Combine(Path.GetTempPath(), …)</c> in a test
    /// class's constructor or set-up method).
    /// </summary>
    public bool AlwaysTemporary { get; }

    /// <summary>The string literal that is the member's only value (<c>readonly string LockFile = "app.lck";</c>), or null.</summary>
    public string? SoleString { get; }

    /// <summary>
    /// Every value is what a constructor also gives its base constructor first
    /// (<c>Stream(string path, string temp) : base(temp, …) { _temp = temp; }</c>), or the base's <c>Name</c> read in
    /// such a constructor: in a FileStream subclass, the stream's own file.
    /// </summary>
    public bool PathGivenToBase { get; }

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

    public static MemberValues Of(ISymbol member) =>
        OnlyItsTypeSets(member) && AssignedValues(member) is { } values ? From(values) : Unknown;

    /// <summary>
    /// Every value the member's own type gives it, read from its text: its initializer (or expression body) and
    /// every assignment to it. Null when a write's value cannot be read off the syntax (<c>+=</c>, <c>out</c>, <c>ref</c>,
    /// a deconstruction).
    /// </summary>
    internal static List<ExpressionSyntax>? AssignedValues(ISymbol member)
    {
        var values = new List<ExpressionSyntax>();
        foreach (SyntaxReference reference in member.DeclaringSyntaxReferences)
        {
            switch (reference.GetSyntax())
            {
                case PropertyDeclarationSyntax { ExpressionBody: { } body }:
                    // Computed on each read: its expression is its only value.
                    return new List<ExpressionSyntax> { body.Expression };
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
            if (!AddAssignments(typeReference.GetSyntax(), member.Name, values))
            {
                return null;
            }
        }

        return values;
    }

    /// <summary>
    /// Adds what each plain assignment to <paramref name="name"/> in <paramref name="type"/> assigns; false when a
    /// write's value cannot be read off the syntax (<c>+=</c>, <c>out</c>, <c>ref</c>, a deconstruction).
    /// </summary>
    private static bool AddAssignments(SyntaxNode type, string name, List<ExpressionSyntax> values)
    {
        foreach (IdentifierNameSyntax mention in Mentions(type, name))
        {
            if (!AddWrite(mention, values))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The identifiers in <paramref name="type"/> that spell <paramref name="name"/>, found where the type's text
    /// spells it rather than by walking every node: most types never mention a member outside a few places.
    /// </summary>
    internal static IEnumerable<IdentifierNameSyntax> Mentions(SyntaxNode type, string name)
    {
        string text = type.SyntaxTree.GetText().ToString(type.Span);
        if (text.IndexOf("\\u", StringComparison.Ordinal) >= 0 || text.IndexOf("\\U", StringComparison.Ordinal) >= 0)
        {
            // A Unicode escape can spell the name in an identifier (\u005Froot is _root); look at every node instead.
            foreach (SyntaxNode node in type.DescendantNodes())
            {
                if (node is IdentifierNameSyntax identifier && identifier.Identifier.ValueText == name)
                {
                    yield return identifier;
                }
            }

            yield break;
        }

        for (int at = text.IndexOf(name, StringComparison.Ordinal); at >= 0; at = text.IndexOf(name, at + name.Length, StringComparison.Ordinal))
        {
            if (!StandsAlone(text, at, name.Length))
            {
                // Part of a longer word (_rootName for _root): no need to look the token up.
                continue;
            }

            int position = type.SpanStart + at;
            SyntaxToken token = type.FindToken(position);
            if (token.IsKind(SyntaxKind.IdentifierToken) && token.Span.Contains(position) && token.ValueText == name
                && token.Parent is IdentifierNameSyntax identifier)
            {
                yield return identifier;
            }
        }
    }

    /// <summary>True when text[at..at+length) is not preceded or followed by a character that continues an identifier.</summary>
    private static bool StandsAlone(string text, int at, int length) =>
        (at == 0 || !SyntaxFacts.IsIdentifierPartCharacter(text[at - 1]))
        && (at + length == text.Length || !SyntaxFacts.IsIdentifierPartCharacter(text[at + length]));

    /// <summary>
    /// Adds the value <paramref name="mention"/> is assigned when it is the target of a plain assignment (alone or
    /// after <c>this.</c>); false when it is written in a way whose value the syntax does not tell.
    /// </summary>
    private static bool AddWrite(IdentifierNameSyntax mention, List<ExpressionSyntax> values)
    {
        ExpressionSyntax target = mention;
        if (mention.Parent is MemberAccessExpressionSyntax access && access.Name == mention)
        {
            if (access.Expression is not ThisExpressionSyntax)
            {
                // Another object's member of the same name, or a read through it.
                return true;
            }

            target = access;
        }

        switch (target.Parent)
        {
            case AssignmentExpressionSyntax assignment when assignment.Left == target:
                if (!assignment.IsKind(SyntaxKind.SimpleAssignmentExpression) && !assignment.IsKind(SyntaxKind.CoalesceAssignmentExpression))
                {
                    return false;
                }

                values.Add(assignment.Right);
                return true;
            case ArgumentSyntax argument when !argument.RefKindKeyword.IsKind(SyntaxKind.None):
                // Init(out _root) and Swap(ref _root, …) assign what the syntax does not show.
                return argument.RefKindKeyword.IsKind(SyntaxKind.InKeyword);
            case ArgumentSyntax { Parent: TupleExpressionSyntax tuple }:
                return !IsDeconstructionTarget(tuple);
            case RefExpressionSyntax:
                return false;
            case { } unary when unary.Kind() is SyntaxKind.PreIncrementExpression or SyntaxKind.PreDecrementExpression
                or SyntaxKind.PostIncrementExpression or SyntaxKind.PostDecrementExpression:
                return false;
            default:
                return true;
        }
    }

    /// <summary>True for the left side of <c>(_root, _name) = …</c>, however deeply the tuple is nested.</summary>
    private static bool IsDeconstructionTarget(TupleExpressionSyntax tuple)
    {
        SyntaxNode node = tuple;
        while (node.Parent is ArgumentSyntax { Parent: TupleExpressionSyntax outer })
        {
            node = outer;
        }

        return node.Parent is AssignmentExpressionSyntax assignment && assignment.Left == node;
    }

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

        bool pathGivenToBase = true;
        foreach (ExpressionSyntax value in values)
        {
            pathGivenToBase &= IsGivenToBase(value);
        }

        string? soleString = values.Count == 1 && values[0] is LiteralExpressionSyntax { Token.Value: string text } ? text : null;
        return alwaysTemporary || soleString is not null || pathGivenToBase ? new MemberValues(alwaysTemporary, soleString, pathGivenToBase) : Unknown;
    }

    /// <summary>
    /// <paramref name="value"/> (or its left side, before <c>?? throw …</c>) is assigned in a constructor whose
    /// <c>base(…)</c> call gets the same expression as its first argument.
    /// </summary>
    private static bool IsGivenToBase(ExpressionSyntax value)
    {
        if (value is BinaryExpressionSyntax { RawKind: (int)SyntaxKind.CoalesceExpression, Right: ThrowExpressionSyntax } checkedValue)
        {
            value = checkedValue.Left;
        }

        if (value.FirstAncestorOrSelf<ConstructorDeclarationSyntax>() is not
            {
                Initializer: { RawKind: (int)SyntaxKind.BaseConstructorInitializer, ArgumentList.Arguments: { Count: > 0 } baseArguments },
            } constructor)
        {
            return false;
        }

        // The base's own name for it, once it is open: _temp = this.Name; (FileStream.Name).
        bool baseName = value is MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax or BaseExpressionSyntax, Name.Identifier.ValueText: "Name" }
            || value is IdentifierNameSyntax { Identifier.ValueText: "Name" } && !constructor.ParameterList.Parameters.Any(p => p.Identifier.ValueText == "Name");
        return baseName || baseArguments[0].NameColon is null && SyntaxFactory.AreEquivalent(baseArguments[0].Expression, value);
    }

    private static bool MentionsTemp(string text) =>
        text.IndexOf("GetTempPath", StringComparison.Ordinal) >= 0 || text.IndexOf("GetTempFileName", StringComparison.Ordinal) >= 0
        || text.IndexOf("CreateTempSubdirectory", StringComparison.Ordinal) >= 0;
}
