using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DurableWrites.Analyzers;

/// <summary>
/// A StreamWriter or BinaryWriter kept in a field or auto-property (or a TextWriter its type only ever sets to a
/// StreamWriter) whose every value its type gives it writes a file: <c>new StreamWriter(path, …)</c>,
/// <c>File.AppendText(path)</c>, <c>new BinaryWriter(File.Open(…))</c>, a writer over a file stream member of the same
/// type. Its <c>Flush()</c> ends in that file stream's <c>Flush()</c>, which stops at the operating system. Read from
/// the type's text, once per member and compilation (see <see cref="KnownSymbols.FileWriterMembers"/>).
/// </summary>
internal sealed class FileWriterMember
{
    private FileWriterMember(bool heldAsTextWriter, ImmutableArray<ISymbol> streamMembers)
    {
        HeldAsTextWriter = heldAsTextWriter;
        StreamMembers = streamMembers;
    }

    /// <summary>The member is typed TextWriter: its file stream is reached through a cast to StreamWriter.</summary>
    public bool HeldAsTextWriter { get; }

    /// <summary>The stream members of its type that a value is built over (<c>new StreamWriter(_log)</c>).</summary>
    public ImmutableArray<ISymbol> StreamMembers { get; }

    private enum Target
    {
        Unknown,
        Path,
        FileStream,
    }

    /// <summary>
    /// The writer member's file, or null when a value may write anything else (a stream given from outside, a
    /// <c>StringWriter</c>, <c>Console.Out</c>) or its type never gives it one.
    /// </summary>
    /// <param name="isFileStreamMember">Whether another member of the type holds a file stream.</param>
    public static FileWriterMember? Of(ISymbol member, ITypeSymbol memberType, KnownSymbols symbols, Func<ISymbol, bool> isFileStreamMember)
    {
        bool heldAsTextWriter = KnownSymbols.Is(memberType, symbols.TextWriter);
        if (!heldAsTextWriter && !KnownSymbols.Is(memberType, symbols.StreamWriter) && !KnownSymbols.Is(memberType, symbols.BinaryWriter))
        {
            return null;
        }

        List<ExpressionSyntax>? values = MemberValues.AssignedValues(member);
        if (values is null)
        {
            return null;
        }

        var streamMembers = new List<ISymbol>();
        bool any = false;
        foreach (ExpressionSyntax value in values)
        {
            if (IsNoValue(value))
            {
                continue;
            }

            if (!WritesFile(value, member, memberType.Name, streamMembers, isFileStreamMember))
            {
                return null;
            }

            any = true;
        }

        return any ? new FileWriterMember(heldAsTextWriter, streamMembers.Distinct<ISymbol>(SymbolEqualityComparer.Default).ToImmutableArray()) : null;
    }

    /// <summary><c>null</c>, <c>null!</c>, <c>default</c>: what a member is set to when its writer is closed.</summary>
    public static bool IsNoValue(ExpressionSyntax value) =>
        Unwrapped(value) is LiteralExpressionSyntax { RawKind: (int)SyntaxKind.NullLiteralExpression or (int)SyntaxKind.DefaultLiteralExpression }
            or DefaultExpressionSyntax;

    /// <summary>
    /// Each branch of <c>condition ? a : b</c> passes <paramref name="opens"/> or is no value (<c>null</c>), and not both
    /// are no value: what a member set from it can hold.
    /// </summary>
    public static bool EachBranchOrNoValue(ConditionalExpressionSyntax conditional, Func<ExpressionSyntax, bool> opens)
    {
        bool noneWhenTrue = IsNoValue(conditional.WhenTrue), noneWhenFalse = IsNoValue(conditional.WhenFalse);
        return !(noneWhenTrue && noneWhenFalse) && (noneWhenTrue || opens(conditional.WhenTrue)) && (noneWhenFalse || opens(conditional.WhenFalse));
    }

    /// <summary>
    /// <c>File.CreateText(path)</c>, <c>file.AppendText()</c>, <c>new StreamWriter(path or file stream, …)</c>,
    /// <c>new BinaryWriter(file stream, …)</c>; <c>new(…)</c> is the member's own type.
    /// </summary>
    private static bool WritesFile(ExpressionSyntax value, ISymbol member, string memberTypeName, List<ISymbol> streamMembers, Func<ISymbol, bool> isFileStreamMember)
    {
        switch (Unwrapped(value))
        {
            case ConditionalExpressionSyntax conditional:
                // append ? File.AppendText(path) : null: each branch a file, or no writer at all.
                return EachBranchOrNoValue(conditional, branch => WritesFile(branch, member, memberTypeName, streamMembers, isFileStreamMember));
            case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: var called, Expression: var owner }, ArgumentList.Arguments: var arguments }
                when called is "CreateText" or "AppendText" or "OpenStreamWriter":
                // File.CreateText(path), the runtime's DurableFile.AppendText(path) (flushed to disk when closed, not
                // on Flush()), or FileInfo's file.CreateText().
                return LastName(owner) is "File" or "DurableFile" ? arguments.Count >= 1 : arguments.Count == 0 && called != "OpenStreamWriter";
            case BaseObjectCreationExpressionSyntax { ArgumentList.Arguments: { Count: > 0 } arguments } creation:
                string? typeName = creation is ObjectCreationExpressionSyntax { Type: var type } ? LastName(type) : memberTypeName;
                if (typeName is not ("StreamWriter" or "BinaryWriter"))
                {
                    return false;
                }

                ArgumentSyntax? first = arguments.FirstOrDefault(argument => argument.NameColon?.Name.Identifier.ValueText is "path" or "stream" or "output")
                    ?? (arguments[0].NameColon is null ? arguments[0] : null);
                return first is not null && TargetOf(first.Expression, member, streamMembers, isFileStreamMember, depth: 0) switch
                {
                    Target.FileStream => true,
                    Target.Path => typeName == "StreamWriter",
                    _ => false,
                };
            default:
                return false;
        }
    }

    /// <summary>Whether an expression is a path (a string) or a file stream, as its text and the declarations it names show.</summary>
    private static Target TargetOf(ExpressionSyntax expression, ISymbol member, List<ISymbol> streamMembers, Func<ISymbol, bool> isFileStreamMember, int depth)
    {
        expression = Unwrapped(expression);
        switch (expression)
        {
            case LiteralExpressionSyntax { RawKind: (int)SyntaxKind.StringLiteralExpression }:
            case InterpolatedStringExpressionSyntax:
                return Target.Path;
            case BinaryExpressionSyntax { RawKind: (int)SyntaxKind.AddExpression } concatenation:
                return TargetOf(concatenation.Left, member, streamMembers, isFileStreamMember, depth) == Target.Path
                    || TargetOf(concatenation.Right, member, streamMembers, isFileStreamMember, depth) == Target.Path ? Target.Path : Target.Unknown;
            case ObjectCreationExpressionSyntax { Type: var type } when LastName(type) is "FileStream" or "DurableFileStream":
                return Target.FileStream;
            case ConditionalExpressionSyntax conditional:
                Target whenTrue = TargetOf(conditional.WhenTrue, member, streamMembers, isFileStreamMember, depth);
                return whenTrue == TargetOf(conditional.WhenFalse, member, streamMembers, isFileStreamMember, depth) ? whenTrue : Target.Unknown;
            case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Expression: var owner, Name.Identifier.ValueText: var called } }:
                return (LastName(owner), called) switch
                {
                    ("File" or "DurableFile", "Open" or "Create" or "OpenWrite") => Target.FileStream,
                    ("Path", "Combine" or "Join" or "ChangeExtension" or "GetFullPath") => Target.Path,
                    ("string" or "String", "Format" or "Concat" or "Join") => Target.Path,
                    _ => Target.Unknown,
                };
            case IdentifierNameSyntax { Identifier.ValueText: var name }:
                return DeclaredTarget(expression, name, member, streamMembers, isFileStreamMember, depth);
            case MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax, Name.Identifier.ValueText: var name }:
                return MemberTarget(name, member, streamMembers, isFileStreamMember);
            default:
                return Target.Unknown;
        }
    }

    /// <summary>A parameter or local of the code that assigns the writer, by its declared type; else a member of the type.</summary>
    private static Target DeclaredTarget(ExpressionSyntax use, string name, ISymbol member, List<ISymbol> streamMembers, Func<ISymbol, bool> isFileStreamMember, int depth)
    {
        SyntaxNode? scope = use.FirstAncestorOrSelf<MemberDeclarationSyntax>();
        if (scope is not null && scope is not BaseTypeDeclarationSyntax)
        {
            foreach (SyntaxNode node in scope.DescendantNodes())
            {
                switch (node)
                {
                    case ParameterSyntax parameter when parameter.Identifier.ValueText == name:
                        return TypeTarget(parameter.Type);
                    case VariableDeclaratorSyntax declarator when declarator.Identifier.ValueText == name && declarator.Parent is VariableDeclarationSyntax declaration:
                        if (declaration.Type.IsVar)
                        {
                            return depth < 2 && declarator.Initializer is { } initializer
                                ? TargetOf(initializer.Value, member, streamMembers, isFileStreamMember, depth + 1)
                                : Target.Unknown;
                        }

                        return TypeTarget(declaration.Type);
                }
            }
        }

        // A primary constructor's parameter: class Journal(string path) { StreamWriter _log = new(path); }.
        if (use.FirstAncestorOrSelf<TypeDeclarationSyntax>() is { ParameterList: { } primary }
            && primary.Parameters.FirstOrDefault(parameter => parameter.Identifier.ValueText == name) is { } primaryParameter)
        {
            return TypeTarget(primaryParameter.Type);
        }

        return MemberTarget(name, member, streamMembers, isFileStreamMember);
    }

    /// <summary>A string member of the writer's type is a path; a file stream member is the file.</summary>
    private static Target MemberTarget(string name, ISymbol member, List<ISymbol> streamMembers, Func<ISymbol, bool> isFileStreamMember)
    {
        foreach (ISymbol candidate in member.ContainingType.GetMembers(name))
        {
            ITypeSymbol? type = candidate switch
            {
                IFieldSymbol field => field.Type,
                IPropertySymbol property => property.Type,
                _ => null,
            };
            if (type?.SpecialType == SpecialType.System_String)
            {
                return Target.Path;
            }

            if (type is not null && isFileStreamMember(candidate))
            {
                streamMembers.Add(candidate);
                return Target.FileStream;
            }
        }

        return Target.Unknown;
    }

    /// <summary>A <c>string</c> is a path; a <c>FileStream</c> (or the runtime's DurableFileStream) is the file.</summary>
    private static Target TypeTarget(TypeSyntax? type)
    {
        if (type is NullableTypeSyntax nullable)
        {
            type = nullable.ElementType;
        }

        return type switch
        {
            PredefinedTypeSyntax predefined when predefined.Keyword.IsKind(SyntaxKind.StringKeyword) => Target.Path,
            not null when LastName(type) is "String" => Target.Path,
            not null when LastName(type) is "FileStream" or "DurableFileStream" => Target.FileStream,
            _ => Target.Unknown,
        };
    }

    private static ExpressionSyntax Unwrapped(ExpressionSyntax expression)
    {
        while (true)
        {
            switch (expression)
            {
                case ParenthesizedExpressionSyntax parenthesized:
                    expression = parenthesized.Expression;
                    break;
                case PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.SuppressNullableWarningExpression } suppressed:
                    expression = suppressed.Operand;
                    break;
                default:
                    return expression;
            }
        }
    }

    internal static string? LastName(SyntaxNode type) => type switch
    {
        QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
        MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
        SimpleNameSyntax simple => simple.Identifier.ValueText,
        AliasQualifiedNameSyntax alias => alias.Name.Identifier.ValueText,
        _ => null,
    };
}
