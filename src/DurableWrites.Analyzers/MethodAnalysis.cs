using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace DurableWrites.Analyzers;

/// <summary>
/// The file-system facts of one method body and the diagnostics of every rule for it. Computed once per body and
/// shared by the five analyzers, which lets the rules agree that one statement gets one diagnostic: the most
/// precise rule reports (DUR005 over DUR001/DUR002/DUR004 for a hand-rolled replace, DUR001 over DUR002 for a
/// created stream), as long as that rule is enabled for the file.
/// </summary>
internal sealed class MethodAnalysis
{
    private static readonly ConditionalWeakTable<IOperation, MethodAnalysis> Cache = new();
    private static readonly MethodAnalysis Empty = new();

    private readonly Dictionary<string, List<Diagnostic>> _diagnostics = new();

    private MethodAnalysis()
    {
    }

    private MethodAnalysis(OperationBlockAnalysisContext context, KnownSymbols symbols, DurableWritesOptions options)
    {
        new Builder(context, symbols, options, this).Run();
    }

    /// <summary>Registers the per-method analysis for one rule: nothing at all when the compilation has no System.IO file API.</summary>
    public static void Register(CompilationStartAnalysisContext context, string ruleId)
    {
        KnownSymbols? symbols = KnownSymbols.Get(context.Compilation);
        if (symbols is null)
        {
            return;
        }

        context.RegisterOperationBlockAction(block =>
        {
            if (block.OperationBlocks.IsEmpty)
            {
                return;
            }

            MethodAnalysis analysis = Cache.GetValue(block.OperationBlocks[0], _ => Create(block, symbols));
            if (analysis._diagnostics.TryGetValue(ruleId, out List<Diagnostic>? diagnostics))
            {
                foreach (Diagnostic diagnostic in diagnostics)
                {
                    block.ReportDiagnostic(diagnostic);
                }
            }
        });
    }

    private static MethodAnalysis Create(OperationBlockAnalysisContext context, KnownSymbols symbols)
    {
        DurableWritesOptions options = DurableWritesOptions.For(context.Options, context.OperationBlocks[0].Syntax.SyntaxTree);
        if (symbols.IsTestProject && !options.IncludeTestProjects)
        {
            // Tests write fixtures and scratch files that nothing needs after a crash: told before any body is walked.
            return Empty;
        }

        // Looked at only where a file call is: a test outside a test project (see TestCode) writes fixtures too.
        return ContainsFileApi(context.OperationBlocks, options) && !TestCode.LeavesOut(context.OwningSymbol.ContainingType, symbols, options)
            ? new MethodAnalysis(context, symbols, options)
            : Empty;
    }

    /// <summary>
    /// A quick look before any real work: most methods call nothing the rules care about. Exact: a method it rules out
    /// has no operation the classifier recognises, so the rules would report nothing in it anyway.
    /// </summary>
    private static bool ContainsFileApi(ImmutableArray<IOperation> blocks, DurableWritesOptions options)
    {
        foreach (IOperation block in blocks)
        {
            foreach (IOperation operation in block.DescendantsAndSelf())
            {
                if (FileOperationClassifier.MayClassify(operation, options))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private void Add(Diagnostic diagnostic)
    {
        if (!_diagnostics.TryGetValue(diagnostic.Id, out List<Diagnostic>? list))
        {
            list = new List<Diagnostic>();
            _diagnostics[diagnostic.Id] = list;
        }

        list.Add(diagnostic);
    }

    private sealed class Builder
    {
        private readonly OperationBlockAnalysisContext _context;
        private readonly KnownSymbols _symbols;
        private readonly MethodAnalysis _result;
        private readonly SyntaxTree _tree;
        private readonly DurableWritesOptions _options;
        private readonly LocalValues _locals = new();
        private readonly List<FileOperation> _operations = new();
        private readonly Dictionary<FileOperation, StreamFacts> _streams = new();
        private readonly HashSet<FileOperation> _handled = new();
        private readonly HashSet<FileOperation> _writersFlushedToDisk = new();

        /// <summary>StreamWriters on a path that the method keeps to itself and never closes, with what it does with them.</summary>
        private readonly Dictionary<FileOperation, WriterUse> _writersNeverClosed = new();
        private PathFacts _paths = null!;
        private List<IInvocationOperation>? _callsToSourceMethods;

        public Builder(OperationBlockAnalysisContext context, KnownSymbols symbols, DurableWritesOptions options, MethodAnalysis result)
        {
            _context = context;
            _symbols = symbols;
            _result = result;
            _tree = context.OperationBlocks[0].Syntax.SyntaxTree;
            _options = options;
        }

        private CancellationToken CancellationToken => _context.CancellationToken;

        public void Run()
        {
            CollectOperations();
            if (_operations.Count == 0)
            {
                return;
            }

            _paths = new PathFacts(_symbols, _options, _locals);
            if (LogSinks.LeavesOut(_context.OwningSymbol.ContainingType, _symbols, _options))
            {
                // A logger's files are diagnostics; a global sync is still the wrong tool there.
                ReportGlobalSyncs();
                return;
            }

            AnalyzeStreams();
            SkipWritesMadeDurableLater();
            SkipWritersFlushedThroughBaseStream();
            ReportRenamesOfUnflushedFiles();
            LeaveToTheGlobalSyncFix();
            ReportUnflushedStreams();
            ReportDirectoryEntries();
            ReportOneShotWrites();
            ReportGlobalSyncs();
        }

        private void CollectOperations()
        {
            var candidates = new List<IOperation>();
            foreach (IOperation block in _context.OperationBlocks)
            {
                foreach (IOperation operation in block.DescendantsAndSelf())
                {
                    _locals.Observe(operation);
                    if (operation is IInvocationOperation or IObjectCreationOperation or ISimpleAssignmentOperation or IInvalidOperation)
                    {
                        candidates.Add(operation);
                    }
                }
            }

            var classifier = new FileOperationClassifier(_symbols, _options, _locals);
            foreach (IOperation candidate in candidates)
            {
                if (classifier.Classify(candidate) is { } fileOperation)
                {
                    _operations.Add(fileOperation);
                }
            }

            _operations.Sort((a, b) => a.Syntax.SpanStart.CompareTo(b.Syntax.SpanStart));
        }

        private void AnalyzeStreams()
        {
            foreach (FileOperation operation in _operations)
            {
                if (operation.Kind == FileOperationKind.OpenStream)
                {
                    _streams[operation] = new StreamFacts(operation);
                }
            }

            if (_streams.Count == 0)
            {
                return;
            }

            List<StreamFacts> streams = _streams.Values.ToList();
            var roots = new HashSet<IOperation>();
            foreach (IOperation block in _context.OperationBlocks)
            {
                // The graph is built for the block's root (a method body holds its block): one graph per root.
                IOperation root = block;
                while (root.Parent is not null)
                {
                    root = root.Parent;
                }

                if (root is IMethodBodyOperation or IConstructorBodyOperation or IBlockOperation or IFieldInitializerOperation
                    or IPropertyInitializerOperation or IParameterInitializerOperation && roots.Add(root))
                {
                    StreamLifetime.Analyze(_context.GetControlFlowGraph(block), streams, _symbols, _options, CancellationToken);
                }
            }
        }

        /// <summary>
        /// A file written here and then handed to DurableFile.Move/Copy/Replace/Sync (the fixed form of a hand-rolled
        /// replace): those flush its data before anything else, so the write itself is not a finding.
        /// </summary>
        private void SkipWritesMadeDurableLater()
        {
            foreach (FileOperation write in _operations)
            {
                if (write.Kind is not (FileOperationKind.OneShotWrite or FileOperationKind.OpenStream) || write.Path is null)
                {
                    continue;
                }

                foreach (FileOperation later in _operations)
                {
                    if (later.Kind == FileOperationKind.Durable && later.Syntax.SpanStart > write.Syntax.Span.End && PathFacts.AreSame(later.Source, write.Path))
                    {
                        _handled.Add(write);
                        break;
                    }
                }
            }
        }

        /// <summary>
        /// <c>new StreamWriter(path)</c> or <c>File.CreateText(path)</c> (and the other calls that return a StreamWriter on a
        /// path) held in a local that, after its last write, is flushed (or writes with AutoFlush)
        /// and whose file is then flushed to disk through its BaseStream: <c>((FileStream)writer.BaseStream).Flush(true)</c>
        /// or <c>RandomAccess.FlushToDisk(((FileStream)writer.BaseStream).SafeFileHandle)</c>, the idiom for a durable
        /// StreamWriter. Judged by position in the method, as the other "made durable later" checks are.
        /// </summary>
        private void SkipWritersFlushedThroughBaseStream()
        {
            var writers = new List<WriterUse>();
            foreach (FileOperation write in _operations)
            {
                IOperation creation = write.Operation;
                if (write.Kind == FileOperationKind.OneShotWrite && creation is IObjectCreationOperation or IInvocationOperation
                    && KnownSymbols.Is(creation.Type, _symbols.StreamWriter) && AssignedLocal(creation) is { } local)
                {
                    writers.Add(new WriterUse(write, local)
                    {
                        AutoFlush = creation is IObjectCreationOperation { Initializer: { } initializer } && initializer.Initializers.Any(IsAutoFlushOn),
                    });
                }
            }

            if (writers.Count == 0)
            {
                return;
            }

            // One walk over the method for all of them.
            foreach (IOperation block in _context.OperationBlocks)
            {
                foreach (IOperation operation in block.DescendantsAndSelf())
                {
                    int position = operation.Syntax.SpanStart;
                    if (operation is ILocalReferenceOperation reference)
                    {
                        foreach (WriterUse writer in UsesOf(writers, reference.Local))
                        {
                            writer.KeptToItself &= IsWriteFlushOrSetting(reference, writer);
                        }
                    }

                    if (IsAutoFlushOn(operation))
                    {
                        IOperation? instance = ((IPropertyReferenceOperation)((ISimpleAssignmentOperation)operation).Target).Instance;
                        foreach (WriterUse writer in UsesOf(writers, LocalOf(instance)))
                        {
                            writer.AutoFlush = true;
                        }
                    }
                    else if (operation is IInvocationOperation invocation)
                    {
                        string name = invocation.TargetMethod.Name;
                        List<WriterUse> called = UsesOf(writers, LocalOf(invocation.Instance)).ToList();
                        if (called.Count > 0)
                        {
                            foreach (WriterUse writer in called)
                            {
                                if (name.StartsWith("Write", System.StringComparison.Ordinal))
                                {
                                    if (position > writer.LastWrite)
                                    {
                                        writer.LastWriteSyntax = invocation.Syntax;
                                    }
                                }
                                else if (name is "Flush" or "FlushAsync")
                                {
                                    writer.BufferFlushes.Add(position);
                                }
                            }
                        }
                        else
                        {
                            foreach (WriterUse writer in UsesOf(writers, BaseStreamFlushedToDisk(invocation)))
                            {
                                writer.DiskFlushes.Add(position);
                            }
                        }
                    }
                }
            }

            foreach (WriterUse writer in writers)
            {
                int lastWrite = writer.LastWrite;
                if (writer.DiskFlushes.Any(disk => disk > lastWrite && (writer.AutoFlush || writer.BufferFlushes.Any(buffer => buffer > lastWrite && buffer < disk))))
                {
                    // The data is durable; the new name still needs its directory flushed (DUR002).
                    _writersFlushedToDisk.Add(writer.Write);
                }

                if (writer.KeptToItself && !DeclaredInUsing(writer.Write.Operation))
                {
                    _writersNeverClosed[writer.Write] = writer;
                }
            }
        }

        /// <summary>
        /// True when <paramref name="reference"/> to a writer's local only writes to it, flushes it (its BaseStream to
        /// disk too), sets one of its properties, or assigns it its creation: anything else (Dispose, Close, a using, an
        /// argument, a return, a capture by a lambda) may close it or keep it past the method.
        /// </summary>
        private bool IsWriteFlushOrSetting(ILocalReferenceOperation reference, WriterUse writer)
        {
            if (InsideNestedFunction(reference.Syntax) != InsideNestedFunction(writer.Write.Syntax))
            {
                return false;
            }

            switch (reference.Parent)
            {
                case IInvocationOperation invocation when invocation.Instance == reference:
                    // The walk records the write itself.
                    string name = invocation.TargetMethod.Name;
                    return name.StartsWith("Write", System.StringComparison.Ordinal) || name is "Flush" or "FlushAsync";
                case ISimpleAssignmentOperation assignment when assignment.Target == reference:
                    return FileOperationClassifier.WithoutConversions(assignment.Value) == writer.Write.Operation;
                case IPropertyReferenceOperation { Property.Name: "AutoFlush" or "NewLine" } property when property.Parent is ISimpleAssignmentOperation setting && setting.Target == property:
                    return true;
                case IPropertyReferenceOperation { Property.Name: "BaseStream" } property:
                    // ((FileStream)writer.BaseStream).Flush(true), or the stream given to a call that flushes it to disk.
                    IOperation? user = property.Parent;
                    while (user is IConversionOperation or IParenthesizedOperation or IArgumentOperation)
                    {
                        user = user.Parent;
                    }

                    return user is IInvocationOperation flush && SymbolEqualityComparer.Default.Equals(BaseStreamFlushedToDisk(flush), writer.Local);
                default:
                    return false;
            }
        }

        /// <summary><c>using var writer = …</c> or <c>using (var writer = …)</c>: closed when its scope ends.</summary>
        private static bool DeclaredInUsing(IOperation creation)
        {
            for (IOperation? node = creation.Parent; node is not null and not IBlockOperation; node = node.Parent)
            {
                if (node is IUsingOperation or IUsingDeclarationOperation)
                {
                    return true;
                }
            }

            return false;
        }

        private static IEnumerable<WriterUse> UsesOf(List<WriterUse> writers, ILocalSymbol? local) =>
            local is null ? Enumerable.Empty<WriterUse>() : writers.Where(w => SymbolEqualityComparer.Default.Equals(w.Local, local));

        private bool IsAutoFlushOn(IOperation operation) => StreamLifetime.IsAutoFlushAssignment(operation, _symbols, out bool on) && on;

        /// <summary>
        /// The writer whose BaseStream the call flushes to disk: <c>Flush(true)</c> on it, or any call DUR001 counts as a
        /// flush to disk (RandomAccess.FlushToDisk, fsync, fdatasync, <c>sync_methods</c>, the project's own helper that
        /// flushes its parameter) given it or its descriptor.
        /// </summary>
        private ILocalSymbol? BaseStreamFlushedToDisk(IInvocationOperation invocation)
        {
            if (DiskFlush.IsFlushTrue(invocation))
            {
                return BaseStreamOwner(invocation.Instance);
            }

            bool flushesToDisk = DiskFlush.IsFlushToDisk(invocation.TargetMethod, _symbols, _options);
            foreach (IArgumentOperation argument in invocation.Arguments)
            {
                IOperation stream = DiskFlush.FileStreamOfHandle(argument.Value, _symbols, out IOperation unwrapped) ?? unwrapped;
                if (BaseStreamOwner(stream) is { } writer && DiskFlush.FlushesArgument(invocation, argument, flushesToDisk, _symbols, CancellationToken))
                {
                    return writer;
                }
            }

            return null;
        }

        private static ILocalSymbol? BaseStreamOwner(IOperation? operation) =>
            FileOperationClassifier.WithoutConversions(operation) is IPropertyReferenceOperation { Property.Name: "BaseStream" } property ? LocalOf(property.Instance) : null;

        private static ILocalSymbol? LocalOf(IOperation? operation) =>
            FileOperationClassifier.WithoutConversions(operation) is ILocalReferenceOperation reference ? reference.Local : null;

        /// <summary>The local a creation initializes or is assigned to, if that is all that happens to it.</summary>
        private static ILocalSymbol? AssignedLocal(IOperation creation) => creation.Parent switch
        {
            IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } => declarator.Symbol,
            ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } => target.Local,
            _ => null,
        };

        /// <summary>What one method does with a StreamWriter on a path, by position in its source.</summary>
        private sealed class WriterUse
        {
            public WriterUse(FileOperation write, ILocalSymbol local)
            {
                Write = write;
                Local = local;
            }

            public FileOperation Write { get; }

            public ILocalSymbol Local { get; }

            public bool AutoFlush { get; set; }

            /// <summary>Where the last write is, or the creation when nothing writes through the writer.</summary>
            public int LastWrite => LastWriteSyntax?.SpanStart ?? Write.Syntax.SpanStart;

            public List<int> BufferFlushes { get; } = new();

            public List<int> DiskFlushes { get; } = new();

            /// <summary>The last call that writes through the writer, in the source text, or null.</summary>
            public SyntaxNode? LastWriteSyntax { get; set; }

            /// <summary>Nothing but writes, flushes and settings touch the writer: it is never closed, nor given away.</summary>
            public bool KeptToItself { get; set; } = true;
        }

        /// <summary>
        /// A global sync that DUR003's fix replaces with DurableFile.Sync for the files written before it: that one fix
        /// also makes those writes, streams and directory entries durable, so DUR003 alone reports them. Otherwise the
        /// result of applying every fix would depend on which rule's fixes run first, and dotnet format keeps no order.
        /// </summary>
        private void LeaveToTheGlobalSyncFix()
        {
            if (!IsEnabled(RuleIds.GlobalSync) || DropsCaches())
            {
                return;
            }

            foreach (FileOperation sync in _operations)
            {
                if (sync.Kind != FileOperationKind.GlobalSync || sync.IsIndirectProcess || sync.RunsOtherCommands || !IsWholeStatement(sync.Syntax))
                {
                    continue;
                }

                List<(IOperation Path, string Text)> written = WrittenBefore(sync);
                if (written.Count == 0)
                {
                    continue;
                }

                foreach (FileOperation operation in _operations)
                {
                    if (operation.Syntax.SpanStart >= sync.Syntax.SpanStart)
                    {
                        break;
                    }

                    bool covered = operation.Kind is FileOperationKind.OneShotWrite or FileOperationKind.OpenStream
                        ? written.Any(w => PathFacts.AreSame(w.Path, operation.Path))
                        : DirectoryChange(operation) is not null;
                    if (covered)
                    {
                        _handled.Add(operation);
                    }
                }
            }
        }

        private bool IsEnabled(string ruleId) => RuleState.IsEnabled(_context.Compilation, _tree, ruleId, CancellationToken);

        // ---- DUR005: write a temporary file, then rename it over the target, without a flush in between ----

        private void ReportRenamesOfUnflushedFiles()
        {
            if (!IsEnabled(RuleIds.RenameUnflushed))
            {
                return;
            }

            foreach (FileOperation rename in _operations)
            {
                if (rename.Kind is not (FileOperationKind.Move or FileOperationKind.Replace)
                    || !rename.ApiName.StartsWith("File.", System.StringComparison.Ordinal) && !rename.IsNativeRename && !rename.ThroughAbstraction
                    || rename.Source is null || rename.Path is null || _paths.IsNonDurable(rename.Path))
                {
                    continue;
                }

                // Every write of the temporary file before the rename (in either branch of an if, or one after another):
                // the last decides what is renamed, and the fix (the rename flushes its source) covers them all.
                List<FileOperation> writes = WritesOf(rename.Source, before: rename);
                FileOperation? write = writes.Count > 0 ? writes[writes.Count - 1] : null;
                if (write is null ? !RenamesOwnFileUnflushed(rename) && !RenamesFileOfClosedMemberStream(rename) : !LeftUnflushed(write) || IsGloballySyncedBetween(write, rename))
                {
                    continue;
                }

                var properties = ImmutableDictionary<string, string?>.Empty;
                var additional = new List<Location>();
                if (write is not null && writes.Count == 1 && CanCollapse(write, rename))
                {
                    properties = properties.Add(DiagnosticProperties.Collapse, "true");
                    additional.Add(write.Syntax.GetLocation());
                }

                if (rename.IsNativeRename && PathText(rename.Source, rename.Syntax) is { } sourceText && !InsideNestedFunction(rename.Syntax))
                {
                    // No runtime twin: the fix flushes the file before the rename, and its directory after it unless the
                    // rename commits itself; with neither path to name there, it has nothing whole to offer.
                    string? targetText = rename.WriteThrough ? null : PathText(rename);
                    if (rename.WriteThrough || targetText is not null)
                    {
                        properties = properties.Add(DiagnosticProperties.FlushPath, sourceText);
                    }

                    if (targetText is not null)
                    {
                        properties = properties.Add(DiagnosticProperties.SyncPath, targetText);
                    }
                }

                _result.Add(Diagnostic.Create(Descriptors.RenameUnflushed, rename.Syntax.GetLocation(), additional, properties,
                    rename.ApiName, PathFacts.Display(rename.Source), PathFacts.Display(rename.Path)));
                foreach (FileOperation earlier in writes)
                {
                    if (LeftUnflushed(earlier))
                    {
                        _handled.Add(earlier);
                    }
                }

                _handled.Add(rename);
            }
        }

        /// <summary>
        /// The close of a FileStream subclass that renames the stream's own file, unflushed: an override of Close,
        /// Dispose or DisposeAsync that moves or replaces <c>Name</c>, or a member the constructors set from the path they
        /// give the base constructor (the "AtomicFileStream" that commits its temporary file when it is closed), with no
        /// <c>Flush(true)</c> or descriptor flush of the stream before the rename. Its callers wrote the data, which
        /// closing leaves in the page cache.
        /// </summary>
        private bool RenamesOwnFileUnflushed(FileOperation rename)
        {
            if (_context.OwningSymbol is not IMethodSymbol { IsOverride: true, Name: "Close" or "Dispose" or "DisposeAsync", ContainingType: { } type }
                || !KnownSymbols.DerivesFrom(type, _symbols.FileStream) || KnownSymbols.DerivesFrom(type, _symbols.DurableFileStream)
                || !IsOwnFile(rename.Source!))
            {
                return false;
            }

            foreach (IOperation block in _context.OperationBlocks)
            {
                foreach (IOperation operation in block.DescendantsAndSelf())
                {
                    if (operation is IInvocationOperation call && call.Syntax.SpanStart < rename.Syntax.SpanStart
                        && (DiskFlush.IsFlushTrue(call) && call.Instance is IInstanceReferenceOperation
                            || DiskFlush.IsFlushToDisk(call.TargetMethod, _symbols, _options)
                                && call.Arguments.Any(a => DiskFlush.FileStreamOfHandle(a.Value, _symbols, out _) is IInstanceReferenceOperation)))
                    {
                        return false;
                    }
                }
            }

            return true;
        }

        /// <summary>
        /// A "write transaction": the method closes a stream member of its type (<c>Target.Close()</c>, <c>_stream.Dispose()</c>)
        /// and then renames the file that member is only ever opened on (<c>Target = File.Create(TempName)</c> elsewhere in
        /// the type), and nothing in the type flushes that stream to disk. Its callers wrote the data through the member.
        /// </summary>
        private bool RenamesFileOfClosedMemberStream(FileOperation rename)
        {
            if (FileOperationClassifier.WithoutConversions(rename.Source) is not IMemberReferenceOperation { Instance: null or IInstanceReferenceOperation, Syntax: ExpressionSyntax sourceSyntax } source
                || source.Member is not (IFieldSymbol or IPropertySymbol))
            {
                return false;
            }

            string sourceText = FieldStreamFlushes.MemberText(sourceSyntax);
            foreach (IOperation block in _context.OperationBlocks)
            {
                foreach (IOperation operation in block.DescendantsAndSelf())
                {
                    if (operation is not IInvocationOperation { TargetMethod.Name: "Close" or "Dispose" or "DisposeAsync", Arguments.IsEmpty: true } close
                        || close.Syntax.SpanStart >= rename.Syntax.SpanStart
                        || FieldStreamFlushes.Receiver(close, out _) is not IMemberReferenceOperation { Instance: null or IInstanceReferenceOperation, Member: IFieldSymbol or IPropertySymbol } stream)
                    {
                        continue;
                    }

                    bool isStreamOrWriter = KnownSymbols.DerivesFrom(stream.Type, _symbols.Stream) || KnownSymbols.DerivesFrom(stream.Type, _symbols.StreamWriter);
                    if (isStreamOrWriter && FieldStreamFlushes.OnlyOpensUnflushed(stream.Member, sourceText))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary><c>Name</c> of this stream, or this type's member that only ever holds the path given to the base constructor.</summary>
        private bool IsOwnFile(IOperation source) => FileOperationClassifier.WithoutConversions(source) switch
        {
            IPropertyReferenceOperation { Property.Name: "Name", Instance: IInstanceReferenceOperation } => true,
            IFieldReferenceOperation { Instance: IInstanceReferenceOperation, Field: var field } => _symbols.MemberValues.GetOrAdd(field, MemberValues.Of).PathGivenToBase,
            IPropertyReferenceOperation { Instance: IInstanceReferenceOperation, Property: var property } => _symbols.MemberValues.GetOrAdd(property, MemberValues.Of).PathGivenToBase,
            _ => false,
        };

        /// <summary>
        /// A global sync between the write and the rename, in a block that holds the rename (so it runs first): it flushed
        /// the data, and it is DUR003's to report (its fix flushes the written file instead).
        /// </summary>
        private bool IsGloballySyncedBetween(FileOperation write, FileOperation rename)
        {
            // A stream's data reaches the page cache only when it is closed: the sync must come after its using statement.
            int written = write.Kind == FileOperationKind.OpenStream
                ? write.Syntax.FirstAncestorOrSelf<UsingStatementSyntax>() is { } usingStatement ? usingStatement.Span.End : int.MaxValue
                : write.Syntax.Span.End;
            foreach (FileOperation sync in _operations)
            {
                int at = sync.Syntax.SpanStart;
                if (at >= rename.Syntax.SpanStart)
                {
                    break;
                }

                if (sync.Kind == FileOperationKind.GlobalSync && !sync.IsIndirectProcess && at > written
                    && sync.Syntax.FirstAncestorOrSelf<StatementSyntax>()?.Parent is BlockSyntax block && block.Span.Contains(rename.Syntax.Span))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The writes of <paramref name="path"/> that come before <paramref name="before"/> in the source, in order.</summary>
        private List<FileOperation> WritesOf(IOperation path, FileOperation before)
        {
            var found = new List<FileOperation>();
            foreach (FileOperation operation in _operations)
            {
                if (operation.Syntax.SpanStart >= before.Syntax.SpanStart)
                {
                    break;
                }

                if (operation.Kind is FileOperationKind.OneShotWrite or FileOperationKind.Copy or FileOperationKind.Durable
                    || operation.Kind == FileOperationKind.OpenStream && operation.Writable)
                {
                    if (PathFacts.AreSame(operation.Path, path))
                    {
                        found.Add(operation);
                    }
                }
            }

            return found;
        }

        private bool LeftUnflushed(FileOperation write) => write.Kind switch
        {
            FileOperationKind.OneShotWrite or FileOperationKind.Copy => true,
            FileOperationKind.OpenStream => _streams.TryGetValue(write, out StreamFacts? facts)
                && facts.Found && !facts.Escaped && facts.Written && !write.WriteThrough && (facts.ClosedUnflushed || !facts.FlushedToDisk),
            _ => false,
        };

        /// <summary>File.WriteAll*(temp, …); File.Move(temp, target, true); as two neighbouring statements: one durable write of the target does both.</summary>
        private static bool CanCollapse(FileOperation write, FileOperation rename)
        {
            if (write.Kind != FileOperationKind.OneShotWrite || !write.ApiName.StartsWith("File.WriteAll", System.StringComparison.Ordinal)
                || rename.Kind != FileOperationKind.Move
                || FileOperationClassifier.Argument(rename.Operation, "overwrite")?.ConstantValue is not { HasValue: true, Value: true })
            {
                return false;
            }

            StatementSyntax? writeStatement = WholeStatement(write.Syntax);
            StatementSyntax? renameStatement = WholeStatement(rename.Syntax);
            if (writeStatement?.Parent is not BlockSyntax block || renameStatement?.Parent != block)
            {
                return false;
            }

            int index = block.Statements.IndexOf(writeStatement);
            return index >= 0 && index + 1 < block.Statements.Count && block.Statements[index + 1] == renameStatement;
        }

        /// <summary>The expression statement that is exactly this call (awaited or not).</summary>
        private static StatementSyntax? WholeStatement(SyntaxNode call)
        {
            SyntaxNode node = call;
            while (true)
            {
                if (node.Parent is AwaitExpressionSyntax or ParenthesizedExpressionSyntax)
                {
                    node = node.Parent;
                }
                else if (node.Parent is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait", Parent: InvocationExpressionSyntax configureAwait } access
                    && access.Expression == node && configureAwait.Expression == access)
                {
                    node = configureAwait;
                }
                else
                {
                    return node.Parent as ExpressionStatementSyntax;
                }
            }
        }

        // ---- DUR001: a stream written and closed without a flush to disk ----

        private void ReportUnflushedStreams()
        {
            if (!IsEnabled(RuleIds.UnflushedStream))
            {
                return;
            }

            foreach (StreamFacts facts in _streams.Values)
            {
                FileOperation open = facts.Open;
                bool leftOpen = !facts.ClosedUnflushed && facts.LeftOpenUnflushed && !facts.HandedToOtherCode;
                if (!facts.Found || facts.Escaped || !(facts.ClosedUnflushed || leftOpen) || !open.Writable || open.WriteThrough
                    || _handled.Contains(open) || _paths.IsNonDurable(open.Path) || IsDeletedAfterUse(open))
                {
                    continue;
                }

                var properties = ImmutableDictionary<string, string?>.Empty;
                var additional = new List<Location>();
                string? flush = FlushStatements(facts);
                if (flush is not null && facts.LastWrite is not null)
                {
                    properties = properties.Add(DiagnosticProperties.FlushStatements, flush);
                    additional.Add(facts.LastWrite.GetLocation());
                }

                if (IsNeverClosed(facts))
                {
                    properties = properties.Add(DiagnosticProperties.NeverClosed, null);
                }

                string name = facts.Local?.Name ?? PathFacts.Display(open.Path);
                _result.Add(Diagnostic.Create(Descriptors.UnflushedStream, open.Syntax.GetLocation(), additional, properties,
                    name, leftOpen ? "left open" : "then closed"));
                _handled.Add(open);
            }

            foreach (StreamFacts facts in _streams.Values)
            {
                // Opened into a field and closed here, as a local would be, while helpers write it: DUR001 rather than
                // DUR002, since its fix (the runtime's stream, flushed to disk when closed) makes the data durable too.
                FileOperation open = facts.Open;
                if (!facts.Found || !facts.Escaped || !open.Writable || open.WriteThrough || open.IsHandle || _handled.Contains(open)
                    || _paths.IsNonDurable(open.Path) || IsDeletedAfterUse(open)
                    || FieldStreamCloses.MemberClosedUnflushed(open, _symbols) is not { } member)
                {
                    continue;
                }

                _result.Add(Diagnostic.Create(Descriptors.UnflushedStream, open.Syntax.GetLocation(), member.Name, "then closed"));
                _handled.Add(open);
            }

            foreach (WriterUse writer in _writersNeverClosed.Values)
            {
                // var writer = new StreamWriter(path); writer.Write(text); and never closed: what it buffers never even
                // reaches the file, and a DurableFile twin would not help, since it only flushes when it is closed.
                FileOperation open = writer.Write;
                if (writer.LastWriteSyntax is null || _writersFlushedToDisk.Contains(open) || _handled.Contains(open)
                    || _paths.IsNonDurable(open.Path) || IsDeletedAfterUse(open))
                {
                    continue;
                }

                string variable = writer.Local.Name;
                var properties = ImmutableDictionary<string, string?>.Empty
                    .Add(DiagnosticProperties.FlushStatements, variable + ".Flush();\n" + BaseStreamFlushToDisk(writer.Local, "StreamWriter"))
                    .Add(DiagnosticProperties.NeverClosed, null);
                _result.Add(Diagnostic.Create(Descriptors.UnflushedStream, open.Syntax.GetLocation(), new[] { writer.LastWriteSyntax.GetLocation() }, properties,
                    variable, "left open"));
                _handled.Add(open);
            }
        }

        /// <summary>A stream the method opens, keeps to itself and never closes (a finalizer or the process's exit does).</summary>
        private static bool IsNeverClosed(StreamFacts facts) => facts.Found && !facts.Escaped && !facts.HandedToOtherCode && !facts.Closed;

        /// <summary>The statements that push buffered writers into the stream and the stream to the disk, or null when they cannot be named.</summary>
        private string? FlushStatements(StreamFacts facts)
        {
            if (facts.LastWrite is null || EnclosingFunction(facts.LastWrite) != EnclosingFunction(facts.Open.Syntax))
            {
                return null;
            }

            var lines = new List<string>();
            WrapperFacts? viaWrapper = null;
            foreach (WrapperFacts wrapper in facts.Wrappers)
            {
                if (wrapper.Kind != WrapperKind.Writer || !wrapper.Written)
                {
                    continue;
                }

                if (wrapper.Local is null || Completion(wrapper) is not { } completion)
                {
                    return null;
                }

                lines.Add(wrapper.Local.Name + completion);
                viaWrapper = wrapper;
            }

            if (facts.Open.IsHandle)
            {
                bool canFlushHandle = _symbols.RandomAccess?.GetMembers("FlushToDisk").Length > 0;
                if (facts.Local is null || !canFlushHandle)
                {
                    return null;
                }

                lines.Add("RandomAccess.FlushToDisk(" + facts.Local.Name + ");");
            }
            else if (facts.Local is not null && (KnownSymbols.DerivesFrom(facts.Local.Type, _symbols.FileStream) || HasFlushToDisk(facts.Local.Type)))
            {
                // A FileStream, or System.IO.Abstractions' FileSystemStream, which has a Flush(bool) of its own.
                lines.Add(facts.Local.Name + ".Flush(true);");
            }
            else if (facts.Local is not null && !facts.Open.ThroughAbstraction)
            {
                // Stream s = File.Create(path): Flush(bool) is FileStream's, so a local of a base type needs the cast
                // (a stream from IFileSystem is no FileStream: it has no such cast).
                lines.Add("((FileStream)" + facts.Local.Name + ").Flush(true);");
            }
            else if (viaWrapper?.Local is not null && !facts.Open.ThroughAbstraction && lines.Count == 1 && viaWrapper.Type?.Name is "StreamWriter" or "BinaryWriter")
            {
                // new StreamWriter(File.Create(path)): the file stream only has a name through the writer.
                lines.Add(BaseStreamFlushToDisk(viaWrapper.Local, viaWrapper.Type.Name));
            }
            else
            {
                return null;
            }

            return string.Join("\n", lines);
        }

        /// <summary>
        /// <c>((FileStream)writer.BaseStream).Flush(true);</c>; a writer held as a TextWriter reaches its BaseStream only
        /// through its own type, <paramref name="writerType"/>.
        /// </summary>
        private static string BaseStreamFlushToDisk(ILocalSymbol writer, string writerType)
        {
            string owner = HasPublicInstanceMember(writer.Type, "BaseStream", member => member is IPropertySymbol)
                ? writer.Name
                : "((" + writerType + ")" + writer.Name + ")";
            return "((FileStream)" + owner + ".BaseStream).Flush(true);";
        }

        /// <summary>
        /// The call that hands the stream everything the wrapper holds: <c>.Flush();</c>, a CryptoStream's
        /// <c>.FlushFinalBlock();</c>, or null for a compressor or archive, whose trailer only Dispose writes, and for a
        /// type without a Flush().
        /// </summary>
        private static string? Completion(WrapperFacts wrapper)
        {
            // Called through the variable, so its declared type must have the method (Stream has no FlushFinalBlock).
            ITypeSymbol? type = wrapper.Local?.Type ?? wrapper.Type;
            if (wrapper.CompletedOnlyOnDispose)
            {
                return HasParameterlessMethod(type, "FlushFinalBlock") ? ".FlushFinalBlock();" : null;
            }

            return HasParameterlessMethod(type, "Flush") ? ".Flush();" : null;
        }

        /// <summary>Whether the type has a <c>Flush(bool)</c> of its own (FileStream, System.IO.Abstractions' FileSystemStream).</summary>
        private static bool HasFlushToDisk(ITypeSymbol? type) =>
            HasPublicInstanceMember(type, "Flush", member => member is IMethodSymbol { Parameters: { Length: 1 } parameters } && parameters[0].Type.SpecialType == SpecialType.System_Boolean);

        private static bool HasParameterlessMethod(ITypeSymbol? type, string name) =>
            HasPublicInstanceMember(type, name, member => member is IMethodSymbol { Parameters.IsEmpty: true });

        /// <summary>Whether <paramref name="type"/> or a base type has a public instance member of that name that <paramref name="matches"/>.</summary>
        private static bool HasPublicInstanceMember(ITypeSymbol? type, string name, Func<ISymbol, bool> matches)
        {
            for (ITypeSymbol? current = type; current is not null; current = current.BaseType)
            {
                foreach (ISymbol member in current.GetMembers(name))
                {
                    if (member is { IsStatic: false, DeclaredAccessibility: Accessibility.Public } && matches(member))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private static SyntaxNode? EnclosingFunction(SyntaxNode node) =>
            node.FirstAncestorOrSelf<SyntaxNode>(n => n is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or MemberDeclarationSyntax);

        // ---- DUR002: a directory entry changed and never flushed ----

        private void ReportDirectoryEntries()
        {
            if (!IsEnabled(RuleIds.DirectoryEntryNotDurable))
            {
                return;
            }

            foreach (FileOperation operation in _operations)
            {
                // _handled holds what DUR001 and DUR005 reported: their fixes make the directory entry durable too.
                string? verb = DirectoryChange(operation);
                if (verb is null || _handled.Contains(operation) || _paths.IsNonDurable(operation.Path) || IsSyncedLater(operation)
                    || PutsAFileInPlace(operation)
                        && (IsRenamedAwayLater(operation) || _paths.NamesATemporaryFile(operation.Path) || IsDeletedAfterUse(operation))
                    || operation.Kind is FileOperationKind.OpenStream or FileOperationKind.OneShotWrite && PathFacts.BelongsToATemporaryFileType(operation.Path))
                {
                    continue;
                }

                var properties = ImmutableDictionary<string, string?>.Empty;
                if (!operation.ThroughAbstraction && PathText(operation) is { } pathText && !InsideNestedFunction(operation.Syntax))
                {
                    properties = properties.Add(DiagnosticProperties.SyncPath, pathText);
                }

                if (operation.Kind == FileOperationKind.Copy)
                {
                    properties = properties.Add(DiagnosticProperties.CopiedFile, null);
                }

                if (_streams.TryGetValue(operation, out StreamFacts? opened) && IsNeverClosed(opened) || _writersNeverClosed.ContainsKey(operation))
                {
                    properties = properties.Add(DiagnosticProperties.NeverClosed, null);
                }

                _result.Add(Diagnostic.Create(Descriptors.DirectoryEntryNotDurable, operation.Syntax.GetLocation(), properties,
                    verb, PathFacts.Display(operation.Path)));
                _handled.Add(operation);
            }
        }

        /// <summary>How the operation changes a directory, as the message's verb, or null when it is not this rule's business.</summary>
        private string? DirectoryChange(FileOperation operation)
        {
            switch (operation.Kind)
            {
                case FileOperationKind.OpenStream:
                    // An isolated store keeps its directory to itself: nothing outside it can name it to flush it.
                    if (!operation.Writable || !operation.MayCreateEntry || operation.InIsolatedStorage)
                    {
                        return null;
                    }

                    // OpenOrCreate and Append usually open a file that exists: only a write makes the entry worth flagging.
                    StreamFacts facts = _streams[operation];
                    bool matters = operation.AlwaysCreatesEntry || facts.Found && !facts.Escaped && facts.Written;
                    return matters ? "Creating" : null;
                case FileOperationKind.OneShotWrite:
                    return _writersFlushedToDisk.Contains(operation) ? "Creating" : null;
                case FileOperationKind.Copy:
                    return "Copying to";
                case FileOperationKind.Move:
                    return operation.WriteThrough ? null : "Moving to";
                case FileOperationKind.Replace:
                    return "Replacing";
                case FileOperationKind.DirectoryMove:
                    return "Moving the directory to";
                case FileOperationKind.Delete:
                    return _options.IncludeDeletes ? "Deleting" : null;
                case FileOperationKind.DirectoryDelete:
                    return _options.IncludeDeletes ? "Deleting the directory" : null;
                case FileOperationKind.CreateDirectory:
                    return _options.IncludeDirectoryCreation ? "Creating the directory" : null;
                default:
                    return null;
            }
        }

        /// <summary>A call that puts a file under its path: creates or writes it, or copies or moves it there.</summary>
        private static bool PutsAFileInPlace(FileOperation operation) =>
            operation.Kind is FileOperationKind.OpenStream or FileOperationKind.OneShotWrite or FileOperationKind.Copy or FileOperationKind.Move;

        /// <summary>
        /// A file created here (or copied or moved to its name) and later renamed away by a move or replace in the
        /// method (the temporary file of a hand-written replace): its own name need not survive a crash, the rename's does, and the rename is reported.
        /// A file whose name says it is temporary is left alone the same way when the rename is elsewhere (a
        /// <c>commit(tempPath)</c> callback, the caller of a helper that returns the temporary file).
        /// </summary>
        private bool IsRenamedAwayLater(FileOperation created) => IsRemovedLater(created, before: int.MaxValue, countDeletes: false);

        /// <summary>
        /// A DurableWrites call (or a configured sync method) after the operation: it flushes the directories it touches.
        /// Or a call after it to the project's own method that flushes a directory (<see cref="DiskFlush.SyncsDirectory"/>).
        /// A stream or writer the runtime opens flushes only its own file's directory, when it is closed: it counts for
        /// the same path only (as <c>new DurableFileStream(…)</c> does), so fixing a later stream first does not hide an
        /// earlier entry.
        /// </summary>
        private bool IsSyncedLater(FileOperation operation)
        {
            // A copy writes a new file's data as well as its name: a directory flush alone leaves it empty after a
            // crash, so only a flush of the copy itself counts (DurableFile.Sync of it, or a helper handed its path).
            bool isCopy = operation.Kind == FileOperationKind.Copy;
            foreach (FileOperation later in _operations)
            {
                if (later.Kind == FileOperationKind.Durable && later.Syntax.SpanStart > operation.Syntax.Span.End
                    && (isCopy ? FlushesCopiedFile(later, operation) : !OpensStream(later) || PathFacts.AreSame(later.Path, operation.Path)))
                {
                    return true;
                }
            }

            foreach (IInvocationOperation call in CallsToSourceMethods())
            {
                if (call.Syntax.SpanStart > operation.Syntax.Span.End && DiskFlush.SyncsDirectory(call.TargetMethod, _symbols, CancellationToken)
                    && (!isCopy || call.Arguments.Any(argument => PathFacts.AreSame(argument.Value, operation.Path))))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// A later DurableWrites call that flushes the copied file's data: one given it as its source (Sync, Move, Copy,
        /// Replace flush the source first). A configured sync method counts as it does for any change.
        /// </summary>
        private bool FlushesCopiedFile(FileOperation later, FileOperation copy)
        {
            ITypeSymbol? declaringType = later.Operation switch
            {
                IInvocationOperation call => call.TargetMethod.ContainingType,
                IObjectCreationOperation creation => creation.Type,
                _ => null,
            };
            return !_symbols.IsRuntimeType(declaringType) || PathFacts.AreSame(later.Source, copy.Path);
        }

        private bool OpensStream(FileOperation operation) =>
            KnownSymbols.DerivesFrom(operation.Operation.Type, _symbols.Stream) || KnownSymbols.DerivesFrom(operation.Operation.Type, _symbols.StreamWriter);

        /// <summary>The method's calls to methods written in this compilation, found once, when DUR002 first needs them.</summary>
        private List<IInvocationOperation> CallsToSourceMethods()
        {
            if (_callsToSourceMethods is null)
            {
                _callsToSourceMethods = new List<IInvocationOperation>();
                foreach (IOperation block in _context.OperationBlocks)
                {
                    foreach (IOperation operation in block.DescendantsAndSelf())
                    {
                        if (operation is IInvocationOperation { TargetMethod.DeclaringSyntaxReferences.IsEmpty: false } call)
                        {
                            _callsToSourceMethods.Add(call);
                        }
                    }
                }
            }

            return _callsToSourceMethods;
        }

        /// <summary>The path as a string expression that can be evaluated again right after the statement, or null.</summary>
        private string? PathText(FileOperation operation) => PathText(operation.Path, operation.Syntax);

        /// <summary>The path's text where it can be evaluated again beside <paramref name="at"/>, as a string; null when not.</summary>
        private string? PathText(IOperation? pathOperation, SyntaxNode at)
        {
            IOperation? path = pathOperation is null ? null : FileOperationClassifier.Unwrap(pathOperation);
            if (path is null || !PathFacts.IsReEvaluable(path) || !PathFacts.IsInScopeAt(path, at))
            {
                return null;
            }

            string text = path.Syntax.ToString();
            if (KnownSymbols.DerivesFrom(path.Type, _symbols.FileInfo) || KnownSymbols.DerivesFrom(path.Type, _symbols.DirectoryInfo))
            {
                return path.Syntax is IdentifierNameSyntax or MemberAccessExpressionSyntax or ThisExpressionSyntax ? text + ".FullName" : "(" + text + ").FullName";
            }

            return path.Type?.SpecialType == SpecialType.System_String ? text : null;
        }

        private static bool InsideNestedFunction(SyntaxNode node)
        {
            SyntaxNode? statement = node.FirstAncestorOrSelf<StatementSyntax>();
            for (SyntaxNode? current = node.Parent; current is not null && current != statement; current = current.Parent)
            {
                if (current is AnonymousFunctionExpressionSyntax)
                {
                    return true;
                }
            }

            return statement is null;
        }

        // ---- DUR004: one call that writes a file and returns before it is on the disk ----

        private void ReportOneShotWrites()
        {
            if (!IsEnabled(RuleIds.OneShotWrite))
            {
                return;
            }

            foreach (FileOperation operation in _operations)
            {
                if (operation.Kind != FileOperationKind.OneShotWrite || _handled.Contains(operation) || _writersFlushedToDisk.Contains(operation)
                    || _paths.IsNonDurable(operation.Path) || IsDeletedAfterUse(operation))
                {
                    continue;
                }

                var properties = operation.NoRuntimeTwin || operation.ThroughAbstraction
                    ? ImmutableDictionary<string, string?>.Empty.Add(DiagnosticProperties.NoRuntimeTwin, "true")
                    : ImmutableDictionary<string, string?>.Empty;
                _result.Add(Diagnostic.Create(Descriptors.OneShotWrite, operation.Syntax.GetLocation(), properties,
                    operation.ApiName, operation.PathDisplay ?? PathFacts.Display(operation.Path)));
                _handled.Add(operation);
            }
        }

        // ---- DUR003: sync() for everything, where a few files needed it ----

        private void ReportGlobalSyncs()
        {
            if (!IsEnabled(RuleIds.GlobalSync) || DropsCaches())
            {
                return;
            }

            foreach (FileOperation sync in _operations)
            {
                if (sync.Kind != FileOperationKind.GlobalSync)
                {
                    continue;
                }

                List<(IOperation Path, string Text)> written = WrittenBefore(sync);
                bool replaceable = !sync.IsIndirectProcess && !sync.RunsOtherCommands && IsWholeStatement(sync.Syntax);
                bool onlyDurableWrites = written.Count == 0 && _operations.Any(o => o.Kind == FileOperationKind.Durable && o.Syntax.SpanStart < sync.Syntax.SpanStart);
                string files = string.Join(", ", written.Select(w => "'" + PathFacts.Display(w.Path) + "'"));
                string detail = onlyDurableWrites && replaceable
                    ? ": what this method wrote before it went through DurableWrites and is already on the disk, so it can be removed"
                    : written.Count == 0
                    ? ": no file written before it in this method is known, so there is no automatic fix; call DurableFile.Sync(path) for each file that must survive a crash"
                    : sync.IsIndirectProcess
                        ? ": the process is started elsewhere, so there is no automatic fix; call DurableFile.Sync for " + files + " instead"
                    : sync.RunsOtherCommands
                        ? ": the shell runs other commands too, so there is no automatic fix; call DurableFile.Sync for " + files + " instead"
                        : !replaceable
                            ? ": its result is used, so there is no automatic fix; call DurableFile.Sync for " + files + " instead"
                            : "; flush only what this method wrote with DurableFile.Sync for " + files;
                var properties = (written.Count > 0 || onlyDurableWrites) && replaceable
                    ? ImmutableDictionary<string, string?>.Empty.Add(DiagnosticProperties.SyncPaths, string.Join("\n", written.Select(w => w.Text)))
                    : ImmutableDictionary<string, string?>.Empty;
                _result.Add(Diagnostic.Create(Descriptors.GlobalSync, sync.Syntax.GetLocation(), properties, sync.ApiName, detail));
            }
        }

        /// <summary>
        /// The method writes /proc/sys/vm/drop_caches (a memory cleaner, a benchmark's cold start): its global sync is
        /// there to make dirty pages clean so that they can be dropped, a job only a global sync does.
        /// </summary>
        private bool DropsCaches() => _operations.Any(operation =>
            operation.Kind is FileOperationKind.OneShotWrite or FileOperationKind.OpenStream && operation.Path is { } path
            && _paths.Shape(path).EndsWith(FileOperationClassifier.DropCaches, StringComparison.Ordinal));

        /// <summary>The durable-worthy files the method wrote before <paramref name="sync"/> whose paths can be named there.</summary>
        private List<(IOperation Path, string Text)> WrittenBefore(FileOperation sync)
        {
            var written = new List<(IOperation Path, string Text)>();
            foreach (FileOperation operation in _operations)
            {
                if (operation.Syntax.SpanStart >= sync.Syntax.SpanStart)
                {
                    break;
                }

                bool writes = operation.Kind is FileOperationKind.OneShotWrite or FileOperationKind.Copy or FileOperationKind.Move or FileOperationKind.Replace
                    || operation.Kind == FileOperationKind.OpenStream && operation.Writable;
                if (!writes || operation.Path is null || _paths.IsNonDurable(operation.Path) || written.Any(w => PathFacts.AreSame(w.Path, operation.Path))
                    || IsGoneBefore(operation, sync))
                {
                    continue;
                }

                IOperation path = FileOperationClassifier.Unwrap(operation.Path);
                if (PathFacts.IsReEvaluable(path) && PathFacts.IsInScopeAt(path, sync.Syntax) && PathText(operation) is { } text)
                {
                    written.Add((operation.Path, text));
                }
            }

            return written;
        }

        /// <summary>
        /// True when a move or replace renames <paramref name="written"/>'s file away, or a delete removes it, before
        /// <paramref name="sync"/>: by then there is nothing under that name to flush (its destination is listed instead).
        /// </summary>
        private bool IsGoneBefore(FileOperation written, FileOperation sync) => IsRemovedLater(written, sync.Syntax.SpanStart, countDeletes: true);

        /// <summary>
        /// A scratch file: written (or copied or moved into place), used, then deleted by the method, which runs the
        /// delete whenever the write has run (see <see cref="AlwaysRunsAfter"/>). Nothing needs it after a crash. Not
        /// when it is renamed away first: the delete then only cleans up, and the rename is what DUR005/DUR002 judge.
        /// </summary>
        private bool IsDeletedAfterUse(FileOperation file) =>
            !IsRenamedAwayLater(file)
            && (RemovalsOf(file, before: int.MaxValue, countDeletes: true).Any(removal => removal.Kind == FileOperationKind.Delete && AlwaysRunsAfter(removal.Syntax, file.Syntax))
                || IsInDirectoryDeletedLater(file));

        /// <summary>
        /// A file in a staging directory that the method deletes once done with it (write the files, zip the directory,
        /// <c>Directory.Delete(staging, true)</c>): once the delete returns, the file is gone, whether it was recursive or
        /// the files were deleted first. The directory is the first part of the file's <c>Path.Combine</c>/<c>Path.Join</c>,
        /// directly or through locals given one value.
        /// </summary>
        private bool IsInDirectoryDeletedLater(FileOperation file)
        {
            if (file.Path is not { } path)
            {
                return false;
            }

            foreach (FileOperation later in _operations)
            {
                if (later.Kind == FileOperationKind.DirectoryDelete && later.Syntax.SpanStart > file.Syntax.SpanStart
                    && later.Path is { } directory && _paths.IsUnder(path, directory) && AlwaysRunsAfter(later.Syntax, file.Syntax))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// Whether <paramref name="later"/> runs whenever <paramref name="earlier"/> has run (an exception aside): it is
        /// in the same block or an enclosing one with no return, goto, yield break or escaping break/continue in
        /// between, or in the finally of a try that holds <paramref name="earlier"/>. On the way up it may sit in a
        /// block, a using, lock, checked or fixed statement, a finally, or an <c>if (File.Exists(same path))</c>; any
        /// other condition, loop, catch or function makes it conditional.
        /// </summary>
        private static bool AlwaysRunsAfter(SyntaxNode later, SyntaxNode earlier)
        {
            // Both in the same function: a lambda or local function runs when it is called, not where it is written.
            if (EnclosingFunction(later) != EnclosingFunction(earlier))
            {
                return false;
            }

            SyntaxNode? node = later.FirstAncestorOrSelf<StatementSyntax>();
            while (node?.Parent is { } parent && !parent.Span.Contains(earlier.Span))
            {
                bool transparent = parent switch
                {
                    BlockSyntax or FinallyClauseSyntax or UsingStatementSyntax or LockStatementSyntax or CheckedStatementSyntax or FixedStatementSyntax => true,
                    IfStatementSyntax { Else: null } check => node == check.Statement && ChecksExistenceOf(check.Condition, later),
                    _ => false,
                };
                if (!transparent)
                {
                    return false;
                }

                node = parent;
            }

            switch (node?.Parent)
            {
                case TryStatementSyntax:
                    // The delete's finally belongs to the try that holds the write.
                    return node is FinallyClauseSyntax;
                case BlockSyntax block:
                    int from = block.Statements.IndexOf(s => s.Span.Contains(earlier.Span));
                    int to = block.Statements.IndexOf((StatementSyntax)node);
                    if (from < 0 || to <= from)
                    {
                        return false;
                    }

                    for (int i = from; i < to; i++)
                    {
                        if (CanLeaveEarly(block.Statements[i]))
                        {
                            return false;
                        }
                    }

                    return true;
                default:
                    return false;
            }
        }

        /// <summary><c>File.Exists(p)</c> where <paramref name="delete"/> deletes <c>p</c>, written the same way.</summary>
        private static bool ChecksExistenceOf(ExpressionSyntax condition, SyntaxNode delete) =>
            condition is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Exists" }, ArgumentList.Arguments: { Count: 1 } checkedArguments }
            && delete is InvocationExpressionSyntax { ArgumentList.Arguments: { Count: > 0 } deleteArguments }
            && checkedArguments[0].Expression.IsEquivalentTo(deleteArguments[0].Expression, topLevel: false);

        /// <summary>A return, goto, yield break, or a break/continue that leaves <paramref name="statement"/>: the code after it may not run.</summary>
        private static bool CanLeaveEarly(StatementSyntax statement)
        {
            foreach (SyntaxNode node in statement.DescendantNodesAndSelf(n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)))
            {
                switch (node)
                {
                    case ReturnStatementSyntax or GotoStatementSyntax or YieldStatementSyntax { RawKind: (int)SyntaxKind.YieldBreakStatement }:
                        return true;
                    case BreakStatementSyntax or ContinueStatementSyntax when !IsInsideLoopOrSwitchWithin(node, statement):
                        return true;
                }
            }

            return false;
        }

        private static bool IsInsideLoopOrSwitchWithin(SyntaxNode jump, StatementSyntax boundary)
        {
            for (SyntaxNode? node = jump.Parent; node is not null && node != boundary.Parent; node = node.Parent)
            {
                if (node is ForStatementSyntax or ForEachStatementSyntax or WhileStatementSyntax or DoStatementSyntax
                    || node is SwitchStatementSyntax && jump is BreakStatementSyntax)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// True when, after <paramref name="file"/> and before position <paramref name="before"/>, a move or replace
        /// renames its path away (or, with <paramref name="countDeletes"/>, a delete removes it).
        /// </summary>
        private bool IsRemovedLater(FileOperation file, int before, bool countDeletes) => RemovalsOf(file, before, countDeletes).Any();

        /// <summary>The moves and replaces that rename <paramref name="file"/>'s path away (and, with <paramref name="countDeletes"/>, the deletes of it) after it and before position <paramref name="before"/>.</summary>
        private IEnumerable<FileOperation> RemovalsOf(FileOperation file, int before, bool countDeletes)
        {
            if (file.Path is not { } path)
            {
                yield break;
            }

            foreach (FileOperation later in _operations)
            {
                if (later.Syntax.SpanStart <= file.Syntax.SpanStart || later.Syntax.SpanStart >= before)
                {
                    continue;
                }

                IOperation? removed = later.Kind switch
                {
                    FileOperationKind.Move or FileOperationKind.Replace => later.Source,
                    FileOperationKind.Delete when countDeletes => later.Path,
                    _ => null,
                };
                if (removed != null && PathFacts.AreSame(removed, path) && MayRunAfter(later.Syntax, file.Syntax))
                {
                    yield return later;
                }
            }
        }

        /// <summary>
        /// False when <paramref name="later"/> cannot run once <paramref name="earlier"/> has: a <c>return</c> or
        /// <c>yield break</c> follows <paramref name="earlier"/> in its block, or in an enclosing one that does not hold
        /// <paramref name="later"/> (<c>if (!File.Exists(final)) { File.Move(tmp, final); return; } File.Move(final, bak);</c>),
        /// and <paramref name="later"/> is not in a finally that runs on the way out.
        /// </summary>
        private static bool MayRunAfter(SyntaxNode later, SyntaxNode earlier)
        {
            if (later.FirstAncestorOrSelf<FinallyClauseSyntax>() is { Parent: TryStatementSyntax { Block: { } guarded } } && guarded.Span.Contains(earlier.Span))
            {
                return true;
            }

            SyntaxNode? node = earlier.FirstAncestorOrSelf<StatementSyntax>();
            while (node?.Parent is { } parent && !parent.Span.Contains(later.Span))
            {
                if (parent is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)
                {
                    return true;
                }

                if (parent is BlockSyntax block)
                {
                    for (int i = block.Statements.IndexOf((StatementSyntax)node) + 1; i < block.Statements.Count; i++)
                    {
                        if (block.Statements[i] is ReturnStatementSyntax or YieldStatementSyntax { RawKind: (int)SyntaxKind.YieldBreakStatement })
                        {
                            return false;
                        }
                    }
                }

                node = parent;
            }

            return true;
        }

        /// <summary>sync(); Process.Start("sync"); Process.Start("sync")?.WaitForExit(); await …WaitForExitAsync(); and the like.</summary>
        private static bool IsWholeStatement(SyntaxNode call)
        {
            SyntaxNode node = call;
            while (true)
            {
                switch (node.Parent)
                {
                    case ExpressionStatementSyntax:
                        return true;
                    case PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.SuppressNullableWarningExpression }
                        or ParenthesizedExpressionSyntax or AwaitExpressionSyntax:
                        node = node.Parent;
                        break;
                    case MemberAccessExpressionSyntax access when access.Expression == node && access.Parent is InvocationExpressionSyntax outer
                        && access.Name.Identifier.ValueText is "WaitForExit" or "WaitForExitAsync" or "Dispose" or "ConfigureAwait":
                        node = outer;
                        break;
                    case ConditionalAccessExpressionSyntax conditional when conditional.Expression == node
                        && conditional.WhenNotNull is InvocationExpressionSyntax { Expression: MemberBindingExpressionSyntax { Name.Identifier.ValueText: "WaitForExit" or "WaitForExitAsync" or "Dispose" } }:
                        node = conditional;
                        break;
                    default:
                        return false;
                }
            }
        }
    }
}
