using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace DurableWrites.Analyzers;

/// <summary>
/// A call the compiler could not bind, because an argument or the receiver has a type it does not know (a package
/// that is not restored, code being typed, a file compiled on its own): an <see cref="IInvalidOperation"/> with no
/// method, whose name, receiver and arguments are read from its syntax.
/// </summary>
internal static class UnboundCall
{
    /// <summary>The name called by <c>x.Name(…)</c>, <c>Name(…)</c> or <c>Name&lt;T&gt;(…)</c>, or null when the operation is no such call.</summary>
    public static string? Name(IInvalidOperation invalid) => invalid.Syntax is InvocationExpressionSyntax invocation
        ? invocation.Expression switch
        {
            MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText,
            SimpleNameSyntax name => name.Identifier.ValueText,
            _ => null,
        }
        : null;

    /// <summary>Whether <paramref name="child"/> is the receiver: the <c>x</c> of <c>x.Name(…)</c>.</summary>
    public static bool IsReceiver(IInvalidOperation invalid, IOperation child) =>
        invalid.Syntax is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax member } && child.Syntax == member.Expression;

    /// <summary>The argument <paramref name="child"/> is the value of, or null.</summary>
    public static ArgumentSyntax? ArgumentOf(IInvalidOperation invalid, IOperation child)
    {
        if (invalid.Syntax is InvocationExpressionSyntax invocation)
        {
            foreach (ArgumentSyntax argument in invocation.ArgumentList.Arguments)
            {
                if (argument.Expression == child.Syntax)
                {
                    return argument;
                }
            }
        }

        return null;
    }

    /// <summary>The methods the compiler considered for a call it could not bind.</summary>
    public static ImmutableArray<IMethodSymbol> Candidates(IInvalidOperation invalid) =>
        invalid.SemanticModel?.GetSymbolInfo(invalid.Syntax) is { Symbol: null, CandidateSymbols: { IsEmpty: false } candidates }
            ? candidates.OfType<IMethodSymbol>().ToImmutableArray()
            : ImmutableArray<IMethodSymbol>.Empty;

    /// <summary>
    /// The value given for <paramref name="parameterName"/> in a call that does not bind: the argument so named, or the
    /// positional argument at that parameter's position in every candidate that can take the call's arguments; null
    /// when the candidates disagree or none is given.
    /// </summary>
    public static IOperation? Argument(IInvalidOperation invalid, string parameterName)
    {
        if (invalid.Syntax is not InvocationExpressionSyntax { ArgumentList.Arguments: var arguments })
        {
            return null;
        }

        ArgumentSyntax? given = arguments.FirstOrDefault(a => a.NameColon?.Name.Identifier.ValueText == parameterName);
        if (given is null)
        {
            // By position: the candidates that can take the positional arguments (by count and every type that is
            // known) and the named ones that follow them.
            List<ArgumentSyntax> positional = arguments.TakeWhile(a => a.NameColon is null).ToList();
            List<string> names = arguments.Skip(positional.Count).Select(a => a.NameColon?.Name.Identifier.ValueText).OfType<string>().ToList();
            if (positional.Count + names.Count != arguments.Count || invalid.SemanticModel?.Compilation is not { } compilation)
            {
                return null;
            }

            IOperation?[] values = positional.Select(a => ChildFor(invalid, a)).ToArray();
            int position = -1;
            foreach (IMethodSymbol candidate in Candidates(invalid))
            {
                if (!Takes(candidate, values, names, compilation))
                {
                    continue;
                }

                int index = candidate.Parameters.IndexOf(candidate.Parameters.FirstOrDefault(p => p.Name == parameterName)!);
                if (index < 0 || index >= values.Length || position >= 0 && index != position)
                {
                    return null;
                }

                position = index;
            }

            return position < 0 ? null : values[position];
        }

        return ChildFor(invalid, given);
    }

    private static IOperation? ChildFor(IInvalidOperation invalid, ArgumentSyntax argument)
    {
        foreach (IOperation child in invalid.ChildOperations)
        {
            if (child.Syntax == argument.Expression)
            {
                return child;
            }
        }

        return null;
    }

    /// <summary>
    /// Whether <paramref name="candidate"/> can take these positional values and then these named arguments: enough
    /// parameters, each name one of the rest, the others optional, each known type convertible.
    /// </summary>
    private static bool Takes(IMethodSymbol candidate, IOperation?[] values, List<string> names, Compilation compilation)
    {
        if (candidate.Parameters.Length < values.Length
            || names.Any(name => !candidate.Parameters.Skip(values.Length).Any(p => p.Name == name))
            || candidate.Parameters.Skip(values.Length).Any(p => !p.IsOptional && !p.IsParams && !names.Contains(p.Name)))
        {
            return false;
        }

        for (int i = 0; i < values.Length; i++)
        {
            if (values[i]?.Type is { TypeKind: not TypeKind.Error } type && !compilation.ClassifyCommonConversion(type, candidate.Parameters[i].Type).IsImplicit)
            {
                return false;
            }
        }

        return true;
    }
}
