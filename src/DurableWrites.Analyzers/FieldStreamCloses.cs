using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace DurableWrites.Analyzers;

/// <summary>
/// DUR001 for a file stream a method opens into a field and closes before it returns, as a local would be, while the
/// writing is done by helper methods: <c>_writer = new BinaryWriter(File.Open(path, FileMode.Create)); WriteHeader();
/// WriteBody(); _writer.Close();</c> (a save game, an image, a table). Nothing flushes it to disk before the close.
/// Read from the method's and the type's text; the flow between the open and the close is this method's only.
/// </summary>
internal static class FieldStreamCloses
{
    /// <summary>
    /// The private field or auto-property that <paramref name="open"/> (or a StreamWriter or BinaryWriter built over it)
    /// is assigned to, when the same method closes it later with no flush to disk of it in between, something in its
    /// type writes through it, and nothing in its type may flush it to disk (a helper's <c>Flush(true)</c>, its
    /// descriptor, the stream handed to a call); otherwise null.
    /// </summary>
    public static ISymbol? MemberClosedUnflushed(FileOperation open, KnownSymbols symbols)
    {
        if (AssignedMember(open.Operation) is not var (assignment, member) || member.ContainingType is null
            || member.DeclaredAccessibility != Accessibility.Private)
        {
            return null;
        }

        if (!ClosedLaterUnflushed(assignment, member.Name) || symbols.FieldsFlushedOutOfSight.GetOrAdd(member, FieldStreamFlushes.FlushedOutOfSight))
        {
            return null;
        }

        bool written = false;
        foreach (SyntaxReference typeReference in member.ContainingType.DeclaringSyntaxReferences)
        {
            foreach (IdentifierNameSyntax mention in MemberValues.Mentions(typeReference.GetSyntax(), member.Name))
            {
                // A helper that flushes it to disk may run between the open and the close.
                if (FieldStreamFlushes.MayFlushToDisk(mention))
                {
                    return null;
                }

                written |= WritesThrough(mention);
            }
        }

        return written ? member : null;
    }

    /// <summary>
    /// <c>_field = opening</c> or <c>_field = new BinaryWriter(opening, …)</c> (also in a <c>using</c>'s parentheses):
    /// the assignment and the private field or auto-property assigned.
    /// </summary>
    private static (AssignmentExpressionSyntax Assignment, ISymbol Member)? AssignedMember(IOperation opening)
    {
        IOperation current = Outermost(opening);
        if (current.Parent is IArgumentOperation { Parent: IObjectCreationOperation { Type.Name: "StreamWriter" or "BinaryWriter" } writer })
        {
            current = Outermost(writer);
        }

        if (current.Parent is not ISimpleAssignmentOperation { Syntax: AssignmentExpressionSyntax syntax } assignment || assignment.Value != current)
        {
            return null;
        }

        ISymbol? member = assignment.Target switch
        {
            IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation } field => field.Field,
            IPropertyReferenceOperation { Instance: null or IInstanceReferenceOperation, Property: var property } when FieldStreamFlushes.IsAutoProperty(property) => property,
            _ => null,
        };
        return member is null ? null : (syntax, member);
    }

    private static IOperation Outermost(IOperation operation)
    {
        while (operation.Parent is IConversionOperation or IParenthesizedOperation)
        {
            operation = operation.Parent;
        }

        return operation;
    }

    /// <summary>
    /// The method closes the member after the assignment (<c>Close()</c>, <c>Dispose()</c>, <c>DisposeAsync()</c>, the
    /// end of the <c>using</c> that assigns it), writes it in between (itself or through a call of its own type's
    /// methods, which may), and nothing in between may flush it to disk or gives it another value. A close with nothing
    /// written before it (a constructor's clean-up on an error path) leaves the stream's life to the rest of the type.
    /// </summary>
    private static bool ClosedLaterUnflushed(AssignmentExpressionSyntax assignment, string name)
    {
        if (assignment.Parent is UsingStatementSyntax { Statement: var body } @using && @using.Expression == assignment)
        {
            return !MemberValues.Mentions(body, name).Any(FieldStreamFlushes.MayFlushToDisk)
                && WrittenBetween(body, name, body.SpanStart, body.Span.End);
        }

        SyntaxNode? method = assignment.Ancestors().FirstOrDefault(node => node is BaseMethodDeclarationSyntax or AccessorDeclarationSyntax
            or LocalFunctionStatementSyntax or AnonymousFunctionExpressionSyntax);
        if (method is null)
        {
            return false;
        }

        foreach (IdentifierNameSyntax mention in MemberValues.Mentions(method, name).Where(mention => mention.SpanStart > assignment.Span.End))
        {
            if (FieldStreamFlushes.MayFlushToDisk(mention) || IsAssigned(mention))
            {
                return false;
            }

            // _writer.Close(), _writer?.Close(): the name's parent is the member access or binding, then the call.
            if (FieldStreamFlushes.MemberUsed(mention) is { Identifier.ValueText: "Close" or "Dispose" or "DisposeAsync" } member
                && member.Parent?.Parent is InvocationExpressionSyntax)
            {
                return WrittenBetween(method, name, assignment.Span.End, mention.SpanStart);
            }
        }

        return false;
    }

    /// <summary>Between <paramref name="start"/> and <paramref name="end"/>: a write through the member, or a call of a method of its own (<c>WriteHeader()</c>, <c>this.Save()</c>).</summary>
    private static bool WrittenBetween(SyntaxNode scope, string name, int start, int end)
    {
        foreach (IdentifierNameSyntax mention in MemberValues.Mentions(scope, name))
        {
            if (mention.SpanStart > start && mention.SpanStart < end && WritesThrough(mention))
            {
                return true;
            }
        }

        foreach (SyntaxNode node in scope.DescendantNodes(new Microsoft.CodeAnalysis.Text.TextSpan(start, end - start)))
        {
            if (node is InvocationExpressionSyntax { Expression: SimpleNameSyntax { Identifier.ValueText: not "nameof" } or MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } }
                && node.SpanStart > start && node.Span.End <= end)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary><c>_field = …</c>, <c>this._field = …</c>: the member gets another value.</summary>
    private static bool IsAssigned(IdentifierNameSyntax mention)
    {
        SyntaxNode target = mention.Parent is MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } self && self.Name == mention ? self : mention;
        return target.Parent is AssignmentExpressionSyntax assignment && assignment.Left == target;
    }

    /// <summary><c>_writer.Write(…)</c>, <c>_stream.WriteAsync(…)</c>, <c>_writer.WriteLine(…)</c>: the type writes through the member.</summary>
    private static bool WritesThrough(IdentifierNameSyntax mention) =>
        FieldStreamFlushes.MemberUsed(mention) is { Identifier.ValueText: var name } && name.StartsWith("Write", System.StringComparison.Ordinal);
}
