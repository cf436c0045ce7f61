using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace DurableWrites.Analyzers;

/// <summary>What each local of a method is assigned, so that a path held in a local can be followed to where it was built.</summary>
internal sealed class LocalValues
{
    private readonly Dictionary<ILocalSymbol, List<IOperation>> _values = new(SymbolEqualityComparer.Default);

    public void Observe(IOperation operation)
    {
        switch (operation)
        {
            case IVariableDeclaratorOperation { Initializer: { } initializer } declarator:
                Add(declarator.Symbol, initializer.Value);
                break;
            case ISimpleAssignmentOperation { Target: ILocalReferenceOperation local } assignment:
                Add(local.Local, assignment.Value);
                break;
        }
    }

    /// <summary>The one value a local is ever given, when <paramref name="operation"/> reads such a local.</summary>
    public IOperation? SingleValue(IOperation operation) =>
        operation is ILocalReferenceOperation reference && _values.TryGetValue(reference.Local, out List<IOperation>? values) && values.Count == 1
            ? values[0]
            : null;

    /// <summary>Every value a local is given (empty when unknown).</summary>
    public IReadOnlyList<IOperation> ValuesOf(ILocalSymbol local) =>
        _values.TryGetValue(local, out List<IOperation>? values) ? values : (IReadOnlyList<IOperation>)System.Array.Empty<IOperation>();

    private void Add(ILocalSymbol local, IOperation value)
    {
        if (!_values.TryGetValue(local, out List<IOperation>? values))
        {
            values = new List<IOperation>(1);
            _values.Add(local, values);
        }

        values.Add(value);
    }
}
