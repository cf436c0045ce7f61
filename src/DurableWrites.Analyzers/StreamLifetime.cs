using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace DurableWrites.Analyzers;

/// <summary>What a method does with one stream (or handle) it opened on a file.</summary>
internal sealed class StreamFacts
{
    public StreamFacts(FileOperation open) => Open = open;

    public FileOperation Open { get; }

    /// <summary>The opening call was found in the method's flow graph (false for code the graph does not cover).</summary>
    public bool Found { get; set; }

    /// <summary>The stream may outlive the method: returned, stored outside a local, captured by a local function, or unclear.</summary>
    public bool Escaped { get; set; }

    public bool Written { get; set; }

    public bool FlushedToDisk { get; set; }

    /// <summary>Some path reaches a close (using end, Dispose, DisposeAsync, Close) with data written since the last flush to disk.</summary>
    public bool ClosedUnflushed { get; set; }

    /// <summary>Some path reaches the end of the method with the stream still open and data written since the last flush to disk.</summary>
    public bool LeftOpenUnflushed { get; set; }

    /// <summary>Some path closes the stream.</summary>
    public bool Closed { get; set; }

    /// <summary>The stream, or a writer over it, is given to code outside the framework, which may keep it open after the method returns.</summary>
    public bool HandedToOtherCode { get; set; }

    /// <summary>The write that comes last in the source text (where a flush to disk belongs).</summary>
    public SyntaxNode? LastWrite { get; set; }

    /// <summary>The local holding the stream itself, if any.</summary>
    public ILocalSymbol? Local { get; set; }

    public List<WrapperFacts> Wrappers { get; } = new();
}

internal enum WrapperKind
{
    /// <summary>Buffers what is written and hands it to the stream on Flush or Dispose (StreamWriter, XmlWriter, GZipStream, …).</summary>
    Writer,

    /// <summary>Only reads (StreamReader, BinaryReader, XmlReader, …).</summary>
    Reader,

    /// <summary>A FileStream over a handle: Flush(true) reaches the disk.</summary>
    FileStream,
}

/// <summary>An object built over a tracked stream: a writer, a reader, a compressor, or a FileStream over a handle.</summary>
internal sealed class WrapperFacts
{
    public WrapperFacts(int stream, WrapperKind kind, bool closesStream, ITypeSymbol? type)
    {
        Stream = stream;
        Kind = kind;
        ClosesStream = closesStream;
        Type = type;
    }

    public int Stream { get; }

    /// <summary>What the wrapper is built over: the wrapper of that index, or the stream itself (-1). Its BaseStream.</summary>
    public int Inner { get; set; } = -1;

    public WrapperKind Kind { get; }

    /// <summary>Disposing the wrapper disposes the stream (StreamWriter without leaveOpen, …).</summary>
    public bool ClosesStream { get; }

    public ITypeSymbol? Type { get; }

    public ILocalSymbol? Local { get; set; }

    public bool Written { get; set; }

    /// <summary>Only Dispose (or a CryptoStream's FlushFinalBlock) hands the stream the wrapper's last bytes, its own or those of a wrapper it writes into.</summary>
    public bool CompletedOnlyOnDispose { get; set; }

    /// <summary><c>AutoFlush = true</c> is assigned to the writer somewhere in the method (an initializer, a statement).</summary>
    public bool AutoFlushSetOn { get; set; }

    /// <summary><c>AutoFlush</c> is assigned anything but the constant true somewhere in the method.</summary>
    public bool AutoFlushSetOff { get; set; }

    /// <summary>Every write through the writer reaches the stream at once: its AutoFlush is only ever set to true.</summary>
    public bool AutoFlush => AutoFlushSetOn && !AutoFlushSetOff;

    /// <summary>A write leaves nothing behind in the writer: it auto-flushes, and no compressor under it keeps a trailer.</summary>
    public bool LeavesNothingBuffered => AutoFlush && !CompletedOnlyOnDispose;
}

/// <summary>
/// Follows each file stream of a method through its control flow graph: writes, flushes to disk, closes and escapes,
/// including writes through wrappers and through arguments. A forward may-analysis: a stream is dirty at a point
/// when some path from its last flush to disk to that point writes to it.
/// </summary>
internal sealed class StreamLifetime
{
    private const int Dirty = 1;
    private const int Buffered = 2;

    /// <summary>The stream's creation ran on some path to here, with no close since: only then can a variable hold it.</summary>
    private const int Open = 4;
    private const int MaxAliasRounds = 8;
    private const int MaxStreamsPerVariable = 8;

    private static readonly List<Entity> NoEntity = new();

    private static readonly HashSet<string> OwningWrappers = new(StringComparer.Ordinal)
    {
        "StreamWriter", "StreamReader", "BinaryWriter", "BinaryReader", "GZipStream", "DeflateStream", "BrotliStream",
        "ZLibStream", "CryptoStream", "BufferedStream", "ZipArchive", "TarWriter", "FileStream",
    };

    /// <summary>
    /// Wrappers that write their last bytes (a compressor's final block and trailer, a cipher's padding, an archive's
    /// central directory or end blocks) only when disposed: Flush() does not complete what they hand the stream.
    /// </summary>
    private static readonly HashSet<string> CompletedOnlyOnDispose = new(StringComparer.Ordinal)
    {
        "GZipStream", "DeflateStream", "BrotliStream", "ZLibStream", "CryptoStream", "ZipArchive", "TarWriter",
    };

    private static readonly HashSet<string> CollectionAdders = new(StringComparer.Ordinal)
    {
        "Add", "AddRange", "Insert", "InsertRange", "Push", "Enqueue", "TryAdd", "GetOrAdd", "AddOrUpdate", "Register", "Store", "Set",
    };

    /// <summary>
    /// A call or constructor that may keep what it is given after the method returns: code outside the framework (the
    /// project's own, a library's, a delegate's) or a framework method named for keeping it (<c>Console.SetOut(writer)</c>,
    /// <c>Set…</c>, <c>Register…</c>, <c>Attach…</c>).
    /// </summary>
    private static bool MayKeepPastTheMethod(IOperation? call) => call switch
    {
        IObjectCreationOperation creation => creation.Type is not null && !IsInSystemNamespace(creation.Type),
        IInvocationOperation { TargetMethod: var method } => !IsInSystemNamespace(method.ContainingType)
            || method.MethodKind == MethodKind.DelegateInvoke
            || method.Name.StartsWith("Set", StringComparison.Ordinal) || method.Name.StartsWith("Register", StringComparison.Ordinal)
            || method.Name.StartsWith("Attach", StringComparison.Ordinal),
        _ => false,
    };

    private static readonly string[] ReadPrefixes =
    {
        "Read", "Load", "Deserialize", "Parse", "Compute", "Verify", "Decode", "Decompress", "Import", "Validate", "Hash",
        "Get", "TryRead", "TryParse", "TryGet", "Is", "Has", "Can", "Contains", "Peek", "Equals", "ReferenceEquals", "ToString",
    };

    private readonly KnownSymbols _symbols;
    private readonly DurableWritesOptions _options;
    private readonly IReadOnlyList<StreamFacts> _streams;
    private readonly Dictionary<SyntaxNode, int> _streamBySyntax = new();
    private readonly Dictionary<ILocalSymbol, List<Entity>> _locals = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<(ControlFlowGraph Graph, CaptureId Id), List<Entity>> _captures = new();
    private readonly Dictionary<IOperation, List<Entity>> _objects = new();
    private readonly List<WrapperFacts> _wrappers = new();
    private readonly List<(IOperation Operation, bool OperandsDone)> _pendingTransfers = new();
    private readonly Dictionary<int, ControlFlowGraph> _streamGraph = new();
    private readonly List<(ControlFlowGraph Graph, bool IsLocalFunction)> _graphs = new();
    private readonly Dictionary<SyntaxNode, List<ILocalSymbol>> _switchedFlushes = new();
    private readonly CancellationToken _cancellationToken;
    private bool _changed;

    private StreamLifetime(IReadOnlyList<StreamFacts> streams, KnownSymbols symbols, DurableWritesOptions options, CancellationToken cancellationToken)
    {
        _streams = streams;
        _symbols = symbols;
        _options = options;
        _cancellationToken = cancellationToken;
        for (int i = 0; i < streams.Count; i++)
        {
            _streamBySyntax[streams[i].Open.Syntax] = i;
        }
    }

    /// <summary>Fills in the facts of <paramref name="streams"/> from the method body whose graph is <paramref name="graph"/>.</summary>
    public static void Analyze(ControlFlowGraph graph, IReadOnlyList<StreamFacts> streams, KnownSymbols symbols, DurableWritesOptions options, CancellationToken cancellationToken)
    {
        var lifetime = new StreamLifetime(streams, symbols, options, cancellationToken);
        lifetime.CollectGraphs(graph, isLocalFunction: false);
        lifetime.FindAliases();
        foreach ((ControlFlowGraph unit, _) in lifetime._graphs)
        {
            lifetime.RunDataFlow(unit);
        }
    }

    private void CollectGraphs(ControlFlowGraph graph, bool isLocalFunction)
    {
        _graphs.Add((graph, isLocalFunction));
        foreach (IMethodSymbol localFunction in graph.LocalFunctions)
        {
            CollectGraphs(graph.GetLocalFunctionControlFlowGraph(localFunction, _cancellationToken), isLocalFunction: true);
        }

        foreach (IOperation operation in Operations(graph))
        {
            if (operation is IFlowAnonymousFunctionOperation lambda)
            {
                CollectGraphs(graph.GetAnonymousFunctionControlFlowGraph(lambda, _cancellationToken), isLocalFunction: false);
            }
            else if (operation is IObjectCreationOperation or IInvocationOperation or IInvalidOperation && !operation.IsImplicit
                && _streamBySyntax.TryGetValue(operation.Syntax, out int stream) && !_streamGraph.ContainsKey(stream))
            {
                _objects[operation] = new List<Entity> { new(stream, -1) };
                _streamGraph[stream] = graph;
                _streams[stream].Found = true;
            }
        }
    }

    /// <summary>Every operation of a graph's blocks, nested ones included (anonymous functions are graphs of their own).</summary>
    private static IEnumerable<IOperation> Operations(ControlFlowGraph graph)
    {
        foreach (BasicBlock block in graph.Blocks)
        {
            foreach (IOperation statement in block.Operations)
            {
                foreach (IOperation operation in statement.DescendantsAndSelf())
                {
                    yield return operation;
                }
            }

            if (block.BranchValue is not null)
            {
                foreach (IOperation operation in block.BranchValue.DescendantsAndSelf())
                {
                    yield return operation;
                }
            }
        }
    }

    // ---- Where streams flow: locals, captures, wrappers, escapes (flow-insensitive) ----

    private void FindAliases()
    {
        for (int round = 0; round < MaxAliasRounds; round++)
        {
            _changed = false;
            foreach ((ControlFlowGraph graph, _) in _graphs)
            {
                foreach (BasicBlock block in graph.Blocks)
                {
                    foreach (IOperation statement in block.Operations)
                    {
                        FindAliases(statement, graph, block);
                    }

                    if (block.BranchValue is not null)
                    {
                        FindAliases(block.BranchValue, graph, block);
                    }
                }
            }

            if (!_changed)
            {
                break;
            }
        }

        // A local function may run at any time, any number of times: a stream it touches is out of reach.
        foreach ((ControlFlowGraph graph, bool isLocalFunction) in _graphs)
        {
            if (!isLocalFunction)
            {
                continue;
            }

            foreach (IOperation operation in Operations(graph))
            {
                foreach (Entity entity in Resolve(operation, graph))
                {
                    if (_streamGraph.TryGetValue(entity.Stream, out ControlFlowGraph? owner) && owner != graph)
                    {
                        _streams[entity.Stream].Escaped = true;
                    }
                }
            }
        }
    }

    private void FindAliases(IOperation root, ControlFlowGraph graph, BasicBlock block)
    {
        foreach (IOperation operation in root.DescendantsAndSelf())
        {
            if (operation is ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment)
            {
                ForgetOnOtherValue(_locals, target.Local, assignment.Value, graph);
            }
            else if (operation is IFlowCaptureOperation capture)
            {
                ForgetOnOtherValue(_captures, (graph, capture.Id), capture.Value, graph);
            }

            if (operation is ILocalReferenceOperation or IFlowCaptureReferenceOperation or IObjectCreationOperation or IInvocationOperation or IInvalidOperation)
            {
                // By index: following a use may add to the very list (fs = fs), and an entity added is followed too.
                IReadOnlyList<Entity> entities = Resolve(operation, graph);
                for (int i = 0; i < entities.Count; i++)
                {
                    FollowUse(operation, entities[i], graph, block);
                }
            }
        }
    }

    /// <summary>
    /// A variable of streams also given another value (a stream this analysis does not follow, one from a call): the
    /// flow cannot tell which writes and closes then reach the streams, so none of them is judged. Null and default are
    /// no value to write to.
    /// </summary>
    private void ForgetOnOtherValue<TKey>(Dictionary<TKey, List<Entity>> map, TKey key, IOperation value, ControlFlowGraph graph)
        where TKey : notnull
    {
        // The lookup first: most assignments are to variables that hold no stream, and this runs every alias round.
        if (!map.TryGetValue(key, out List<Entity>? entities))
        {
            return;
        }

        IOperation unwrapped = FileOperationClassifier.WithoutConversions(value)!;
        if (Resolve(value, graph).Count > 0 || unwrapped is { ConstantValue.HasValue: true } or IDefaultValueOperation
            || KnownSymbols.DerivesFrom(unwrapped.Type, _symbols.DurableFileStream))
        {
            // A DurableFileStream (what the fixes write) flushes itself, and is followed no further: the variable's
            // other streams are followed where they are open.
            return;
        }

        foreach (Entity entity in entities)
        {
            Escape(entity);
        }
    }

    private void FollowUse(IOperation operation, Entity entity, ControlFlowGraph graph, BasicBlock block)
    {
        IOperation current = operation;
        IOperation? parent = operation.Parent;
        while (parent is IConversionOperation or IParenthesizedOperation)
        {
            current = parent;
            parent = parent.Parent;
        }

        switch (parent)
        {
            case null:
                if (current == block.BranchValue && block.FallThroughSuccessor?.Semantics == ControlFlowBranchSemantics.Return)
                {
                    Escape(entity);
                }

                break;
            case IFlowCaptureOperation capture:
                Map(_captures, (graph, capture.Id), entity);
                break;
            case ISimpleAssignmentOperation assignment when assignment.Value == current:
                if (assignment.Target is ILocalReferenceOperation target)
                {
                    if (Map(_locals, target.Local, entity))
                    {
                        if (entity.Wrapper < 0)
                        {
                            _streams[entity.Stream].Local ??= target.Local;
                        }
                        else
                        {
                            _wrappers[entity.Wrapper].Local ??= target.Local;
                        }
                    }
                }
                else if (assignment.Target is not IDiscardOperation)
                {
                    Escape(entity);
                }

                break;
            case ISimpleAssignmentOperation:
                // Assigning to the variable that holds the stream: the value side decides.
                break;
            case IArgumentOperation argument:
                FollowArgument(argument, entity);
                break;
            case IPropertyReferenceOperation property when property.Instance == current:
                if (entity.Wrapper >= 0 && IsAutoFlushAssignment(property.Parent, _symbols, out bool on))
                {
                    _wrappers[entity.Wrapper].AutoFlushSetOn |= on;
                    _wrappers[entity.Wrapper].AutoFlushSetOff |= !on;
                }

                break;
            case IInvalidOperation invalid when UnboundCall.Name(invalid) is { } name:
                FollowUnboundCallUse(invalid, name, current, entity);
                break;
            case IInvocationOperation invocation when invocation.Instance == current:
            case IFieldReferenceOperation field when field.Instance == current:
            case IMethodReferenceOperation method when method.Instance == current:
            case IEventReferenceOperation @event when @event.Instance == current:
            case IIsNullOperation or IBinaryOperation or IIsTypeOperation or IIsPatternOperation or IExpressionStatementOperation
                or IInterpolationOperation or IAwaitOperation:
                break;
            default:
                Escape(entity);
                break;
        }
    }

    /// <summary>
    /// A stream used in a call that does not bind: called on (<c>writer.Write(unknown)</c>) it stays followed; passed to
    /// it, it goes to a method nobody can see, which may keep it, as a project's own method may.
    /// </summary>
    private void FollowUnboundCallUse(IInvalidOperation invalid, string name, IOperation current, Entity entity)
    {
        if (UnboundCall.IsReceiver(invalid, current))
        {
            return;
        }

        if (UnboundCall.ArgumentOf(invalid, current) is not { } argument || !argument.RefKindKeyword.IsKind(SyntaxKind.None)
            || CollectionAdders.Contains(name))
        {
            Escape(entity);
            return;
        }

        _streams[entity.Stream].HandedToOtherCode = true;
    }

    private void FollowArgument(IArgumentOperation argument, Entity entity)
    {
        if (argument.Parameter is { RefKind: RefKind.Ref or RefKind.Out })
        {
            Escape(entity);
            return;
        }

        if (MayKeepPastTheMethod(argument.Parent))
        {
            _streams[entity.Stream].HandedToOtherCode = true;
        }

        switch (argument.Parent)
        {
            case IObjectCreationOperation creation:
                if (IsCollection(creation.Type))
                {
                    Escape(entity);
                }
                else
                {
                    AddWrapper(creation, entity, ConstructorClosesStream(creation));
                }

                break;
            case IInvocationOperation invocation:
                if (CollectionAdders.Contains(invocation.TargetMethod.Name))
                {
                    Escape(entity);
                }
                else if (IsConfigureAwaitOfDisposable(invocation))
                {
                    // await using (stream.ConfigureAwait(false)): disposing the result disposes the stream itself.
                    Map(_objects, invocation, entity);
                }
                else if (IsWrapperFactory(invocation))
                {
                    AddWrapper(invocation, entity, closesStream: false);
                }

                break;
            default:
                Escape(entity);
                break;
        }
    }

    private void AddWrapper(IOperation wrapperOperation, Entity inner, bool closesStream)
    {
        // One wrapper per stream it may be built over (new StreamWriter(append ? a : b)); none over a stream's own creation.
        if (_objects.TryGetValue(wrapperOperation, out List<Entity>? existing)
            && existing.Exists(entity => entity.Wrapper < 0 || entity.Stream == inner.Stream))
        {
            return;
        }

        ITypeSymbol? type = wrapperOperation.Type;
        WrapperKind kind = IsReaderType(type) ? WrapperKind.Reader
            : KnownSymbols.DerivesFrom(type, _symbols.FileStream) ? WrapperKind.FileStream
            : WrapperKind.Writer;
        bool completedOnlyOnDispose = IsCompletedOnlyOnDispose(type);
        if (inner.Wrapper >= 0)
        {
            // A writer over a compressor: its Flush reaches the compressor, which still keeps its trailer.
            closesStream &= _wrappers[inner.Wrapper].ClosesStream;
            completedOnlyOnDispose |= _wrappers[inner.Wrapper].CompletedOnlyOnDispose;
        }

        var wrapper = new WrapperFacts(inner.Stream, kind, closesStream, type) { Inner = inner.Wrapper, CompletedOnlyOnDispose = completedOnlyOnDispose };
        _wrappers.Add(wrapper);
        _streams[inner.Stream].Wrappers.Add(wrapper);
        Map(_objects, wrapperOperation, new Entity(inner.Stream, _wrappers.Count - 1));
        _changed = true;
    }

    /// <summary>
    /// Records that <paramref name="key"/> may hold <paramref name="entity"/>; true when that is new. A variable may hold
    /// several streams (assigned in an if and its else, from a ?:, or reused for one file after another): the flow
    /// follows each where its stream is open. Two objects over one stream (the stream, then its writer) or more than a
    /// few streams cannot be told apart that way, so none of them is judged.
    /// </summary>
    private bool Map<TKey>(Dictionary<TKey, List<Entity>> map, TKey key, Entity entity)
        where TKey : notnull
    {
        if (!map.TryGetValue(key, out List<Entity>? entities))
        {
            map[key] = new List<Entity> { entity };
            _changed = true;
            return true;
        }

        if (entities.Contains(entity))
        {
            return false;
        }

        if (entities.Count >= MaxStreamsPerVariable || entities.Exists(existing => existing.Stream == entity.Stream))
        {
            foreach (Entity existing in entities)
            {
                Escape(existing);
            }

            Escape(entity);
            return false;
        }

        entities.Add(entity);
        _changed = true;
        return true;
    }

    private void Escape(Entity entity)
    {
        if (!_streams[entity.Stream].Escaped)
        {
            _streams[entity.Stream].Escaped = true;
            _changed = true;
        }
    }

    /// <summary>Every stream or wrapper the operation's value may be, anywhere in the method.</summary>
    private IReadOnlyList<Entity> Resolve(IOperation operation, ControlFlowGraph graph)
    {
        operation = FileOperationClassifier.WithoutConversions(operation)!;
        List<Entity>? entities = operation switch
        {
            ILocalReferenceOperation local => _locals.TryGetValue(local.Local, out List<Entity>? found) ? found : null,
            IFlowCaptureReferenceOperation capture => _captures.TryGetValue((graph, capture.Id), out List<Entity>? found) ? found : null,
            IPropertyReferenceOperation { Property.Name: "BaseStream", Instance: { } writer } => BaseStreams(writer, graph),
            _ => _objects.TryGetValue(operation, out List<Entity>? found) ? found : null,
        };
        return entities ?? NoEntity;
    }

    /// <summary><c>writer.BaseStream</c>: what each wrapper the writer may be is built over (<c>((FileStream)writer.BaseStream).Flush(true)</c>).</summary>
    private List<Entity>? BaseStreams(IOperation writer, ControlFlowGraph graph)
    {
        List<Entity>? inner = null;
        foreach (Entity entity in Resolve(writer, graph))
        {
            if (entity.Wrapper >= 0)
            {
                (inner ??= new List<Entity>()).Add(new Entity(entity.Stream, _wrappers[entity.Wrapper].Inner));
            }
        }

        return inner;
    }

    /// <summary>
    /// As <see cref="Resolve"/>, at one point of the flow: the streams open there. Before its creation has run, or
    /// after its close, a variable cannot hold the stream (a variable reused for another value or a second file).
    /// </summary>
    private IReadOnlyList<Entity> ResolveAt(IOperation operation, ControlFlowGraph graph, int[] state)
    {
        IReadOnlyList<Entity> entities = Resolve(operation, graph);
        if (entities.Count == 0 || entities.Count == 1 && (state[entities[0].Stream] & Open) != 0)
        {
            return entities;
        }

        var open = new List<Entity>(entities.Count);
        foreach (Entity entity in entities)
        {
            if ((state[entity.Stream] & Open) != 0)
            {
                open.Add(entity);
            }
        }

        return open;
    }

    /// <summary>As <see cref="ResolveAt"/>, and also the stream behind its descriptor handed to a native or RandomAccess call.</summary>
    private IReadOnlyList<Entity> ResolveStreamOrHandleAt(IOperation operation, ControlFlowGraph graph, int[] state)
    {
        if (DiskFlush.FileStreamOfHandle(operation, _symbols, out IOperation unwrapped) is not { } owner)
        {
            return ResolveAt(unwrapped, graph, state);
        }

        IReadOnlyList<Entity> entities = ResolveAt(owner, graph, state);
        var streams = new List<Entity>(entities.Count);
        foreach (Entity entity in entities)
        {
            if (entity.Wrapper < 0)
            {
                streams.Add(entity);
            }
        }

        return streams;
    }

    // ---- Writes, flushes and closes along the control flow ----

    private void RunDataFlow(ControlFlowGraph graph)
    {
        var owned = new bool[_streams.Count];
        bool any = false;
        foreach (KeyValuePair<int, ControlFlowGraph> pair in _streamGraph)
        {
            if (pair.Value == graph && !_streams[pair.Key].Escaped)
            {
                owned[pair.Key] = true;
                any = true;
            }
        }

        if (!any)
        {
            return;
        }

        new DataFlow(this, graph, owned).Run();
    }

    private sealed class DataFlow
    {
        private readonly StreamLifetime _lifetime;
        private readonly ControlFlowGraph _graph;
        private readonly bool[] _owned;
        private readonly int[]?[] _input;
        private readonly Queue<int> _queue = new();
        private readonly bool[] _queued;
        private readonly Dictionary<ControlFlowRegion, List<int>> _finallyContinuations = new();
        private readonly Dictionary<ControlFlowRegion, int[]> _finallyExitStates = new();

        public DataFlow(StreamLifetime lifetime, ControlFlowGraph graph, bool[] owned)
        {
            _lifetime = lifetime;
            _graph = graph;
            _owned = owned;
            _input = new int[graph.Blocks.Length][];
            _queued = new bool[graph.Blocks.Length];
        }

        public void Run()
        {
            Flow(0, new int[_owned.Length]);
            EnterHandlers(_graph.Root);
            while (_queue.Count > 0)
            {
                _lifetime._cancellationToken.ThrowIfCancellationRequested();
                int ordinal = _queue.Dequeue();
                _queued[ordinal] = false;
                BasicBlock block = _graph.Blocks[ordinal];
                int[] state = (int[])_input[ordinal]!.Clone();
                foreach (IOperation operation in block.Operations)
                {
                    _lifetime.Transfer(operation, state, _graph, _owned);
                }

                if (block.BranchValue is not null)
                {
                    _lifetime.Transfer(block.BranchValue, state, _graph, _owned);
                    if (block.ConditionalSuccessor is not null)
                    {
                        _lifetime.OnDurabilitySwitch(block.BranchValue, _graph, state);
                    }
                }

                Propagate(block.FallThroughSuccessor, state);
                Propagate(block.ConditionalSuccessor, state);
            }

            if (_input[_graph.Blocks.Length - 1] is { } atExit)
            {
                _lifetime.ReachedExit(atExit, _owned);
            }
        }

        private void Propagate(ControlFlowBranch? branch, int[] state)
        {
            if (branch is null)
            {
                return;
            }

            if (branch.Semantics == ControlFlowBranchSemantics.StructuredExceptionHandling)
            {
                // The end of a finally: go on to wherever the branches that ran it were going.
                ControlFlowRegion? region = branch.Source.EnclosingRegion;
                while (region is not null && region.Kind != ControlFlowRegionKind.Finally)
                {
                    region = region.EnclosingRegion;
                }

                if (region is null)
                {
                    return;
                }

                int[] exit = _finallyExitStates.TryGetValue(region, out int[]? previous) ? Join(previous, state) : (int[])state.Clone();
                _finallyExitStates[region] = exit;
                if (_finallyContinuations.TryGetValue(region, out List<int>? targets))
                {
                    foreach (int target in targets)
                    {
                        Flow(target, exit);
                    }
                }

                return;
            }

            int destination = branch.Destination?.Ordinal ?? -1;
            if (branch.FinallyRegions.IsEmpty)
            {
                if (destination >= 0)
                {
                    Flow(destination, state);
                }

                return;
            }

            for (int i = 0; i < branch.FinallyRegions.Length; i++)
            {
                int next = i + 1 < branch.FinallyRegions.Length ? branch.FinallyRegions[i + 1].FirstBlockOrdinal : destination;
                if (next >= 0)
                {
                    AddContinuation(branch.FinallyRegions[i], next);
                }
            }

            Flow(branch.FinallyRegions[0].FirstBlockOrdinal, state);
        }

        private void AddContinuation(ControlFlowRegion region, int target)
        {
            if (!_finallyContinuations.TryGetValue(region, out List<int>? targets))
            {
                targets = new List<int>();
                _finallyContinuations[region] = targets;
            }

            if (!targets.Contains(target))
            {
                targets.Add(target);
                if (_finallyExitStates.TryGetValue(region, out int[]? exit))
                {
                    Flow(target, exit);
                }
            }
        }

        private void Flow(int target, int[] state)
        {
            if (!_graph.Blocks[target].IsReachable)
            {
                // Behind a constant condition (the end of a while (true) loop): no path runs it.
                return;
            }

            int[]? existing = _input[target];
            if (existing is null)
            {
                _input[target] = (int[])state.Clone();
            }
            else
            {
                bool changed = false;
                for (int i = 0; i < state.Length; i++)
                {
                    int joined = existing[i] | state[i];
                    if (joined != existing[i])
                    {
                        existing[i] = joined;
                        changed = true;
                    }
                }

                if (!changed)
                {
                    return;
                }
            }

            if (!_queued[target])
            {
                _queued[target] = true;
                _queue.Enqueue(target);
            }
        }

        /// <summary>
        /// No branch leads into a catch block: an exception does, from anywhere in its try. Each handler is entered
        /// with no stream open, so what the handler itself opens and writes is read, and no path is added on which a
        /// stream of the method was written and then closed unflushed because something threw (a write or a flush
        /// that threw, reported to the caller, is not a durability bug).
        /// </summary>
        private void EnterHandlers(ControlFlowRegion region)
        {
            foreach (ControlFlowRegion nested in region.NestedRegions)
            {
                if (region.Kind == ControlFlowRegionKind.TryAndCatch && nested.Kind != ControlFlowRegionKind.Try)
                {
                    Flow(nested.FirstBlockOrdinal, new int[_owned.Length]);
                }

                EnterHandlers(nested);
            }
        }

        private static int[] Join(int[] first, int[] second)
        {
            int[] joined = (int[])first.Clone();
            for (int i = 0; i < joined.Length; i++)
            {
                joined[i] |= second[i];
            }

            return joined;
        }
    }

    /// <summary>
    /// Applies <paramref name="root"/> to the state: each operation after its operands, in evaluation order. Walked
    /// with a stack of its own, not by recursion: an expression can nest thousands deep (a long concatenation), and a
    /// stack overflow would take the compiler down with it.
    /// </summary>
    private void Transfer(IOperation root, int[] state, ControlFlowGraph graph, bool[] owned)
    {
        // One stack for every call, since this runs for each statement of each pass: a lambda's body is transferred
        // from inside this loop, on top of what is pending here, and leaves it as it found it.
        List<(IOperation Operation, bool OperandsDone)> pending = _pendingTransfers;
        int bottom = pending.Count;
        pending.Add((root, false));
        while (pending.Count > bottom)
        {
            (IOperation operation, bool operandsDone) = pending[pending.Count - 1];
            pending.RemoveAt(pending.Count - 1);
            if (operation is IFlowAnonymousFunctionOperation lambda)
            {
                TransferLambda(lambda, state, graph, owned);
            }
            else if (operandsDone)
            {
                TransferOne(operation, state, graph, owned);
            }
            else
            {
                pending.Add((operation, true));
                int first = pending.Count;
                foreach (IOperation operand in operation.ChildOperations)
                {
                    pending.Add((operand, false));
                }

                // Taken from the end: turned round, the first operand is applied first.
                pending.Reverse(first, pending.Count - first);
            }
        }
    }

    /// <summary>A lambda may run (once, say) or not: joins what running it would do with not running it.</summary>
    private void TransferLambda(IFlowAnonymousFunctionOperation lambda, int[] state, ControlFlowGraph graph, bool[] owned)
    {
        ControlFlowGraph body = graph.GetAnonymousFunctionControlFlowGraph(lambda, _cancellationToken);
        int[] ran = (int[])state.Clone();
        foreach (BasicBlock block in body.Blocks)
        {
            foreach (IOperation statement in block.Operations)
            {
                Transfer(statement, ran, body, owned);
            }

            if (block.BranchValue is not null)
            {
                Transfer(block.BranchValue, ran, body, owned);
            }
        }

        for (int i = 0; i < state.Length; i++)
        {
            state[i] |= ran[i];
        }
    }

    /// <summary>What one operation does to the state, its operands already applied.</summary>
    private void TransferOne(IOperation operation, int[] state, ControlFlowGraph graph, bool[] owned)
    {
        if (operation is IObjectCreationOperation or IInvocationOperation or IInvalidOperation && _objects.TryGetValue(operation, out List<Entity>? created))
        {
            foreach (Entity entity in created)
            {
                if (entity.Wrapper < 0 && owned[entity.Stream])
                {
                    state[entity.Stream] |= Open;
                }
            }
        }

        switch (operation)
        {
            case IInvocationOperation invocation:
                OnInvocation(invocation, state, graph, owned);
                break;
            case IInvalidOperation invalid when UnboundCall.Name(invalid) is { } name:
                OnUnboundCall(invalid, name, state, graph, owned);
                break;
            case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Instance: { } instance } } assignment
                when IsAutoFlushAssignment(assignment, _symbols, out bool on) && on:
                // Setting AutoFlush to true flushes the writer at once.
                foreach (Entity entity in ResolveAt(instance, graph, state))
                {
                    if (entity.Wrapper >= 0 && owned[entity.Stream])
                    {
                        WriterFlushed(_wrappers[entity.Wrapper], entity.Stream, state);
                    }
                }

                break;
            case IMethodReferenceOperation { Instance: { } instance } method when !IsReadLike(method.Method.Name):
                // writer.Write handed over as a delegate: it will write.
                foreach (Entity entity in ResolveAt(instance, graph, state))
                {
                    if (owned[entity.Stream])
                    {
                        Write(entity, method.Syntax, state);
                    }
                }

                break;
        }
    }

    private void OnInvocation(IInvocationOperation invocation, int[] state, ControlFlowGraph graph, bool[] owned)
    {
        if (invocation.Instance is not null)
        {
            foreach (Entity target in ResolveAt(invocation.Instance, graph, state))
            {
                if (owned[target.Stream])
                {
                    OnInstanceCall(invocation, target, state);
                }
            }
        }

        if (invocation.Arguments.IsEmpty || _objects.ContainsKey(invocation))
        {
            return;
        }

        bool flushesToDisk = DiskFlush.IsFlushToDisk(invocation.TargetMethod, _symbols, _options);
        string name = invocation.TargetMethod.Name;
        foreach (IArgumentOperation argument in invocation.Arguments)
        {
            foreach (Entity entity in ResolveStreamOrHandleAt(argument.Value, graph, state))
            {
                if (!owned[entity.Stream])
                {
                    continue;
                }

                if (DiskFlush.FlushesArgument(invocation, argument, flushesToDisk, _symbols, _cancellationToken))
                {
                    FlushedToDisk(entity.Stream, state);
                }
                else if (!IsReadLike(name) && !ReturnsItsTypeArgument(invocation.TargetMethod))
                {
                    // serializer.Serialize(stream, value), document.Save(writer), source.CopyTo(stream), write(stream), ….
                    Write(entity, invocation.Syntax, state);
                }
            }
        }
    }

    /// <summary>A call that does not bind: on the stream or its writer, it does what its name says; a stream passed to it is written unless the name says it reads.</summary>
    private void OnUnboundCall(IInvalidOperation invalid, string name, int[] state, ControlFlowGraph graph, bool[] owned)
    {
        foreach (IOperation child in invalid.ChildOperations)
        {
            bool isReceiver = UnboundCall.IsReceiver(invalid, child);
            if (!isReceiver && UnboundCall.ArgumentOf(invalid, child) is null)
            {
                continue;
            }

            foreach (Entity entity in isReceiver ? ResolveAt(child, graph, state) : ResolveStreamOrHandleAt(child, graph, state))
            {
                if (!owned[entity.Stream])
                {
                    continue;
                }

                if (isReceiver)
                {
                    OnInstanceCall(name, invalid.Syntax, flushesToDisk: false, entity, state);
                }
                else if (!IsReadLike(name))
                {
                    Write(entity, invalid.Syntax, state);
                }
            }
        }
    }

    private void OnInstanceCall(IInvocationOperation invocation, Entity target, int[] state) =>
        OnInstanceCall(invocation.TargetMethod.Name, invocation.Syntax, DiskFlush.IsFlushTrue(invocation), target, state);

    private void OnInstanceCall(string name, SyntaxNode syntax, bool flushesToDisk, Entity target, int[] state)
    {
        int stream = target.Stream;
        WrapperFacts? wrapper = target.Wrapper >= 0 ? _wrappers[target.Wrapper] : null;
        bool isClose = name is "Dispose" or "Close" or "DisposeAsync";
        if (wrapper is null || wrapper.Kind == WrapperKind.FileStream)
        {
            if (flushesToDisk)
            {
                FlushedToDisk(stream, state);
            }
            else if (name is "Write" or "WriteByte" or "WriteAsync" or "BeginWrite" or "SetLength")
            {
                Write(target, syntax, state);
            }
            else if (isClose && (wrapper is null || wrapper.ClosesStream))
            {
                Close(stream, state);
            }

            return;
        }

        if (wrapper.Kind == WrapperKind.Reader)
        {
            if (isClose && wrapper.ClosesStream)
            {
                Close(stream, state);
            }

            return;
        }

        if (name is "Flush" or "FlushAsync")
        {
            WriterFlushed(wrapper, stream, state);
        }
        else if (name is "FlushFinalBlock" or "FlushFinalBlockAsync")
        {
            state[stream] &= ~Buffered;
        }
        else if (isClose)
        {
            // Disposing a writer hands its buffer (or a compressor's last block) to the stream.
            if ((state[stream] & Buffered) != 0)
            {
                state[stream] = (state[stream] | Dirty) & ~Buffered;
            }

            if (wrapper.ClosesStream)
            {
                Close(stream, state);
            }
        }
        else if (!IsReadLike(name) && name is not ("GetType" or "GetHashCode"))
        {
            Write(target, syntax, state);
        }
    }

    private void Write(Entity entity, SyntaxNode syntax, int[] state)
    {
        StreamFacts facts = _streams[entity.Stream];
        state[entity.Stream] |= entity.Wrapper >= 0 && _wrappers[entity.Wrapper] is { Kind: WrapperKind.Writer, LeavesNothingBuffered: false }
            ? Dirty | Buffered
            : Dirty;
        facts.Written = true;
        if (entity.Wrapper >= 0)
        {
            _wrappers[entity.Wrapper].Written = true;
        }

        if (facts.LastWrite is null || syntax.SpanStart > facts.LastWrite.SpanStart)
        {
            facts.LastWrite = syntax;
        }
    }

    /// <summary>The writer hands the stream what it holds; a compressor's Flush still keeps its trailer for Dispose: still buffered.</summary>
    private static void WriterFlushed(WrapperFacts wrapper, int stream, int[] state)
    {
        if (!wrapper.CompletedOnlyOnDispose)
        {
            state[stream] &= ~Buffered;
        }
    }

    /// <summary>
    /// <c>if (sync) fs.Flush(true);</c>, <c>if (_options.FlushToDisk) …</c>: the method flushes when its caller or its
    /// settings ask for it, so the data is not counted as unflushed on the branch that skips it either. The condition
    /// must be a flag named for durability (sync, fsync, flush, durable), possibly negated or beside others in a
    /// <c>&amp;&amp;</c>/<c>||</c>, and the <c>if</c> it decides must hold a flush to disk of the stream.
    /// </summary>
    private void OnDurabilitySwitch(IOperation condition, ControlFlowGraph graph, int[] state)
    {
        // A graph's operations have no semantic model of their own; the operation it was built from has.
        if (!IsDurabilityFlag(condition) || graph.OriginalOperation.SemanticModel is not { } model || DecidedIf(condition.Syntax) is not { } decided)
        {
            return;
        }

        if (!_switchedFlushes.TryGetValue(decided, out List<ILocalSymbol>? flushed))
        {
            flushed = FlushedLocals(decided, model);
            _switchedFlushes[decided] = flushed;
        }

        foreach (ILocalSymbol local in flushed)
        {
            if (_locals.TryGetValue(local, out List<Entity>? entities))
            {
                foreach (Entity entity in entities)
                {
                    state[entity.Stream] &= ~(Dirty | Buffered);
                }
            }
        }
    }

    private static bool IsDurabilityFlag(IOperation condition)
    {
        while (condition is IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } or IConversionOperation)
        {
            condition = condition is IUnaryOperation not ? not.Operand : ((IConversionOperation)condition).Operand;
        }

        string? name = condition switch
        {
            ILocalReferenceOperation local => local.Local.Name,
            IParameterReferenceOperation parameter => parameter.Parameter.Name,
            IFieldReferenceOperation field => field.Field.Name,
            IPropertyReferenceOperation property => property.Property.Name,
            _ => null,
        };
        return name is not null && condition.Type?.SpecialType == SpecialType.System_Boolean
            && IdentifierWords.Contains(name, "sync", "fsync", "fdatasync", "flush", "durable", "durability", "durably");
    }

    /// <summary>The <c>if</c> statement whose condition is, or is made of, <paramref name="condition"/>.</summary>
    private static IfStatementSyntax? DecidedIf(SyntaxNode condition)
    {
        SyntaxNode node = condition;
        while (node.Parent is ParenthesizedExpressionSyntax
            || node.Parent is PrefixUnaryExpressionSyntax prefix && prefix.IsKind(SyntaxKind.LogicalNotExpression)
            || node.Parent is BinaryExpressionSyntax binary && binary.Kind() is SyntaxKind.LogicalAndExpression or SyntaxKind.LogicalOrExpression)
        {
            node = node.Parent;
        }

        return node.Parent is IfStatementSyntax decided && decided.Condition == node ? decided : null;
    }

    /// <summary>The locals whose stream a flush to disk inside <paramref name="decided"/> flushes (<c>fs.Flush(true)</c>, <c>RandomAccess.FlushToDisk(fs.SafeFileHandle)</c>).</summary>
    private List<ILocalSymbol> FlushedLocals(IfStatementSyntax decided, SemanticModel model)
    {
        var locals = new List<ILocalSymbol>();
        foreach (SyntaxNode node in decided.DescendantNodes())
        {
            if (node is not InvocationExpressionSyntax call || model.GetOperation(call, _cancellationToken) is not IInvocationOperation invocation
                || !DiskFlush.IsFlushTrue(invocation) && !DiskFlush.IsFlushToDisk(invocation.TargetMethod, _symbols, _options))
            {
                continue;
            }

            foreach (IOperation reference in invocation.Descendants())
            {
                if (reference is ILocalReferenceOperation { Local: var local } && !locals.Contains(local, SymbolEqualityComparer.Default))
                {
                    locals.Add(local);
                }
            }
        }

        return locals;
    }

    private void FlushedToDisk(int stream, int[] state)
    {
        state[stream] &= ~Dirty;
        _streams[stream].FlushedToDisk = true;
    }

    private void Close(int stream, int[] state)
    {
        if ((state[stream] & Dirty) != 0)
        {
            _streams[stream].ClosedUnflushed = true;
        }

        _streams[stream].Closed = true;
        state[stream] = 0;
    }

    /// <summary>The state at the method's end: a stream still open there with unflushed data is left to a finalizer or to the process's exit, neither of which flushes it to disk.</summary>
    private void ReachedExit(int[] state, bool[] owned)
    {
        for (int stream = 0; stream < state.Length; stream++)
        {
            if (owned[stream] && (state[stream] & Dirty) != 0)
            {
                _streams[stream].LeftOpenUnflushed = true;
            }
        }
    }

    /// <summary>
    /// <c>T StreamToSave&lt;T&gt;(Stream stream)</c>, <c>Task&lt;T&gt; LoadAsync&lt;T&gt;(Stream stream)</c>: a method that makes a
    /// value of the type it is asked for out of a stream reads it, whatever it is called; a serializer takes its value
    /// and returns nothing. Not when a value of that type is passed in (<c>T Echo&lt;T&gt;(Stream s, T value)</c>).
    /// </summary>
    private static bool ReturnsItsTypeArgument(IMethodSymbol method)
    {
        if (!method.IsGenericMethod)
        {
            return false;
        }

        IMethodSymbol definition = method.OriginalDefinition;
        if (ElementOrSelf(definition.ReturnType) is not ITypeParameterSymbol { TypeParameterKind: TypeParameterKind.Method } made)
        {
            return false;
        }

        foreach (IParameterSymbol parameter in definition.Parameters)
        {
            if (SymbolEqualityComparer.Default.Equals(ElementOrSelf(parameter.Type), made))
            {
                return false;
            }
        }

        return true;

        // Task<T>, ValueTask<T>, IEnumerable<T>, IAsyncEnumerable<T>, List<T>, T[]: T.
        static ITypeSymbol ElementOrSelf(ITypeSymbol type) => type switch
        {
            INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } generic => generic.TypeArguments[0],
            IArrayTypeSymbol array => array.ElementType,
            _ => type,
        };
    }

    private static bool IsReadLike(string name)
    {
        foreach (string prefix in ReadPrefixes)
        {
            if (name.StartsWith(prefix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private bool IsReaderType(ITypeSymbol? type) =>
        KnownSymbols.DerivesFrom(type, _symbols.TextReader)
        || KnownSymbols.DerivesFrom(type, _symbols.BinaryReader)
        || KnownSymbols.DerivesFrom(type, _symbols.XmlReader)
        || type?.Name.EndsWith("Reader", StringComparison.Ordinal) == true;

    private bool IsCollection(ITypeSymbol? type)
    {
        if (type is null || KnownSymbols.DerivesFrom(type, _symbols.Stream))
        {
            return false;
        }

        foreach (INamedTypeSymbol implemented in type.AllInterfaces)
        {
            if (implemented.SpecialType == SpecialType.System_Collections_IEnumerable)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary><c>TaskAsyncEnumerableExtensions.ConfigureAwait(this IAsyncDisposable, bool)</c>: the same object, disposed on the chosen context.</summary>
    private static bool IsConfigureAwaitOfDisposable(IInvocationOperation invocation) =>
        invocation.TargetMethod is { Name: "ConfigureAwait", IsExtensionMethod: true, ContainingType.Name: "TaskAsyncEnumerableExtensions" } method
        && method.Parameters.Length == 2 && method.Parameters[0].Type.Name == "IAsyncDisposable";

    /// <summary><c>writer.AutoFlush = value</c> on a StreamWriter; <paramref name="on"/> only for the constant true.</summary>
    internal static bool IsAutoFlushAssignment(IOperation? operation, KnownSymbols symbols, out bool on)
    {
        on = false;
        if (operation is not ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property: { Name: "AutoFlush" } property } } assignment
            || !KnownSymbols.Is(property.ContainingType, symbols.StreamWriter))
        {
            return false;
        }

        on = assignment.Value.ConstantValue is { HasValue: true, Value: true };
        return true;
    }

    private static bool IsCompletedOnlyOnDispose(ITypeSymbol? type)
    {
        for (ITypeSymbol? current = type; current is not null; current = current.BaseType)
        {
            if (CompletedOnlyOnDispose.Contains(current.Name) && IsInSystemNamespace(current))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsInSystemNamespace(ITypeSymbol type) =>
        type.ContainingNamespace?.ToDisplayString().StartsWith("System", StringComparison.Ordinal) == true;

    private static bool ConstructorClosesStream(IObjectCreationOperation creation)
    {
        if (creation.Type is null || !OwningWrappers.Contains(creation.Type.Name)
            || !IsInSystemNamespace(creation.Type))
        {
            return false;
        }

        IOperation? leaveOpen = FileOperationClassifier.Argument(creation, "leaveOpen");
        return leaveOpen?.ConstantValue is not { HasValue: true, Value: true };
    }

    /// <summary>XmlWriter.Create(stream), JsonDocument.Parse(stream), …: a disposable object over the stream, kept in a variable.</summary>
    private static bool IsWrapperFactory(IInvocationOperation invocation)
    {
        ITypeSymbol? type = invocation.Type;
        if (type is null || type.SpecialType != SpecialType.None || type.TypeKind != TypeKind.Class
            || type.Name is "Task" or "ValueTask")
        {
            return false;
        }

        bool disposable = false;
        foreach (INamedTypeSymbol implemented in type.AllInterfaces)
        {
            if (implemented.Name is "IDisposable" or "IAsyncDisposable" && implemented.ContainingNamespace?.Name == "System")
            {
                disposable = true;
                break;
            }
        }

        IOperation? parent = invocation.Parent;
        while (parent is IConversionOperation)
        {
            parent = parent.Parent;
        }

        return disposable && parent is not IExpressionStatementOperation;
    }

    /// <summary>A stream (wrapper &lt; 0) or an object built over one.</summary>
    private readonly struct Entity : IEquatable<Entity>
    {
        public Entity(int stream, int wrapper)
        {
            Stream = stream;
            Wrapper = wrapper;
        }

        public int Stream { get; }

        public int Wrapper { get; }

        public bool Equals(Entity other) => Stream == other.Stream && Wrapper == other.Wrapper;

        public override bool Equals(object? obj) => obj is Entity other && Equals(other);

        public override int GetHashCode() => (Stream * 397) ^ Wrapper;
    }
}
