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
}
