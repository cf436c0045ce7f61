using System.Threading.Tasks;
using DurableWrites.CodeFixes;
using VerifyCS = DurableWrites.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    DurableWrites.Analyzers.Dur001UnflushedStreamAnalyzer,
    DurableWrites.CodeFixes.Dur001UnflushedStreamFixer>;

namespace DurableWrites.Analyzers.Tests;

/// <summary>
/// DUR001 for a file stream kept in a field, a journal or write-ahead log: flushed with Flush() or FlushAsync(), which
/// stop at the operating system, and never flushed to disk anywhere in its type.
/// </summary>
public class FieldStreamTests
{
    private static string Journal(string members, string usings = "") => $$"""
        using System;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;
        {{(usings.Length > 0 ? usings + "\n" : string.Empty)}}
        public sealed class Journal : IDisposable
        {
            private readonly FileStream _log;
            private readonly BinaryWriter _writer;

            public Journal(string path)
            {
                _log = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
                _writer = new BinaryWriter(_log);
            }

            {{members}}

            public void Dispose() => _log.Dispose();
        }
        """;

    [Fact]
    public Task FlushAndFlushAsync_AreFlaggedAndFlushedToDisk() =>
        VerifyCS.VerifyCodeFixAsync(
            Journal("""
                public void Append(byte[] record)
                    {
                        _writer.Write(record.Length);
                        _writer.Write(record);
                        _writer.Flush();
                        // Make it crash-safe before acknowledging.
                        {|#0:_log.Flush()|};
                    }

                    public async Task AppendAsync(byte[] record, CancellationToken ct)
                    {
                        await _log.WriteAsync(record, ct);
                        await {|#1:_log.FlushAsync(ct)|}.ConfigureAwait(false);
                    }

                    public async Task CommitAsync()
                    {
                        await {|#2:this._log.FlushAsync()|};
                    }
                """),
            new[]
            {
                VerifyCS.Diagnostic().WithLocation(0).WithArguments("_log", "handed to the operating system by Flush()"),
                VerifyCS.Diagnostic().WithLocation(1).WithArguments("_log", "handed to the operating system by FlushAsync()"),
                VerifyCS.Diagnostic().WithLocation(2).WithArguments("_log", "handed to the operating system by FlushAsync()"),
            },
            Journal("""
                public void Append(byte[] record)
                    {
                        _writer.Write(record.Length);
                        _writer.Write(record);
                        _writer.Flush();
                        // Make it crash-safe before acknowledging.
                        _log.Flush(true);
                    }

                    public async Task AppendAsync(byte[] record, CancellationToken ct)
                    {
                        await _log.WriteAsync(record, ct);
                        await _log.FlushAsync(ct).ConfigureAwait(false);
                        _log.Flush(true);
                    }

                    public async Task CommitAsync()
                    {
                        await this._log.FlushAsync();
                        this._log.Flush(true);
                    }
                """),
            Dur001UnflushedStreamFixer.FlushFieldToDiskKey);

    [Fact]
    public Task ANullableStreamField_ThroughConditionalAccess() =>
        VerifyCS.VerifyCodeFixAsync(
            """
            #nullable enable
            using System.IO;
            using System.Threading.Tasks;

            public sealed class WriteAheadLog
            {
                private FileStream? _walStream;

                public void Open(string path) => _walStream = File.Open(path, FileMode.Append);

                public void Append(byte[] entry)
                {
                    _walStream?.Write(entry);
                    {|#0:_walStream?.Flush()|};
                }

                public async Task SyncAsync()
                {
                    await {|#1:_walStream!.FlushAsync()|};
                }
            }
            """,
            new[]
            {
                VerifyCS.Diagnostic().WithLocation(0).WithArguments("_walStream", "handed to the operating system by Flush()"),
                VerifyCS.Diagnostic().WithLocation(1).WithArguments("_walStream", "handed to the operating system by FlushAsync()"),
            },
            """
            #nullable enable
            using System.IO;
            using System.Threading.Tasks;

            public sealed class WriteAheadLog
            {
                private FileStream? _walStream;

                public void Open(string path) => _walStream = File.Open(path, FileMode.Append);

                public void Append(byte[] entry)
                {
                    _walStream?.Write(entry);
                    _walStream?.Flush(true);
                }

                public async Task SyncAsync()
                {
                    await _walStream!.FlushAsync();
                    _walStream!.Flush(true);
                }
            }
            """,
            Dur001UnflushedStreamFixer.FlushFieldToDiskKey);

    [Fact]
    public async Task AStreamFieldOpenedOnAFile_IsFlaggedWithoutAFix()
    {
        // Stream has no Flush(bool): the fix would need a cast to FileStream, so none is offered.
        const string source = """
            using System.IO;

            public sealed class Store
            {
                private Stream _data;

                public Store(string path) { _data = new FileStream(path, FileMode.OpenOrCreate); }

                public void Put(byte[] value)
                {
                    _data.Write(value, 0, value.Length);
                    {|#0:_data.Flush()|};
                }
            }
            """;
        var test = new VerifyCS.Test { TestCode = source, FixedCode = source };
        test.ExpectedDiagnostics.Add(VerifyCS.Diagnostic().WithLocation(0).WithArguments("_data", "handed to the operating system by Flush()"));
        test.FixedState.ExpectedDiagnostics.Add(VerifyCS.Diagnostic().WithLocation(0).WithArguments("_data", "handed to the operating system by Flush()"));
        await test.RunAsync();
    }

    [Theory]
    [InlineData("public void Sync() => RandomAccess.FlushToDisk(_log.SafeFileHandle);")]
    [InlineData("public void Sync() => Fsync(_log);\n    private static void Fsync(FileStream stream) { }")]
    [InlineData("public void Sync() { var file = _log as FileStream; if (file != null) file.Flush(true); }")]
    [InlineData("public FileStream Underlying => _log;")]
    public Task AFieldFlushedWhereItsTypeDoesNotShow_IsNotJudged(string sync) =>
        VerifyCS.VerifyAnalyzerAsync(Journal(sync + "\n    public void Append(byte[] record) { _writer.Write(record); _writer.Flush(); _log.Flush(); }"));

    [Theory]
    [InlineData("_log.Flush(true);")]
    [InlineData("_log.Flush(flushToDisk: _durable);")]
    [InlineData("if (_durable) { RandomAccess.FlushToDisk(_log.SafeFileHandle); }")]
    public Task FlushedToDiskLaterInTheSameMethod_IsNotFlagged(string sync) =>
        VerifyCS.VerifyAnalyzerAsync(Journal(
            "private readonly bool _durable = true;\n    public void Append(byte[] record) { _writer.Write(record); _writer.Flush(); _log.Flush(); " + sync + " }"));

    [Fact]
    public Task AStreamCopiedInto_IsStillJudged_AndAFlushingExtensionAfterTheFlushCovers() =>
        VerifyCS.VerifyAnalyzerAsync(
            Journal("""
                public void Append(Stream records)
                    {
                        records.CopyTo(_log, 4096);
                        {|#0:_log.Flush()|};
                    }

                    public void Commit()
                    {
                        _log.Flush();
                        _log.FlushToDisk();
                    }
                """, "static class StreamExtensions\n{\n    public static void FlushToDisk(this FileStream stream) => stream.Flush(true);\n}"),
            VerifyCS.Diagnostic().WithLocation(0).WithArguments("_log", "handed to the operating system by Flush()"));

    [Fact]
    public Task AFlushToDiskInAnotherMethod_DoesNotCoverThisOne() =>
        VerifyCS.VerifyAnalyzerAsync(
            Journal("public void Sync() => _log.Flush(true);\n    public void Append(byte[] record) { _writer.Write(record); _writer.Flush(); {|#0:_log.Flush()|}; }"),
            VerifyCS.Diagnostic().WithLocation(0).WithArguments("_log", "handed to the operating system by Flush()"));

    [Fact]
    public Task ADurableFileStreamField_FlushedWithFlush_IsFlaggedToo() =>
        VerifyCS.VerifyCodeFixAsync(
            """
            using DurableWrites;

            public sealed class Log
            {
                private readonly DurableFileStream _file = new("log", System.IO.FileMode.Append);

                public void Append(byte[] entry)
                {
                    _file.Write(entry);
                    {|#0:_file.Flush()|};
                }
            }
            """,
            new[] { VerifyCS.Diagnostic().WithLocation(0).WithArguments("_file", "handed to the operating system by Flush()") },
            """
            using DurableWrites;

            public sealed class Log
            {
                private readonly DurableFileStream _file = new("log", System.IO.FileMode.Append);

                public void Append(byte[] entry)
                {
                    _file.Write(entry);
                    _file.Flush(true);
                }
            }
            """,
            Dur001UnflushedStreamFixer.FlushFieldToDiskKey);

    [Fact]
    public Task APrivateAutoProperty_IsJudgedLikeAField_AndANonPrivateMemberIsNot() =>
        VerifyCS.VerifyAnalyzerAsync(
            """
            using System.IO;
            using System.Threading.Tasks;

            public sealed class Download
            {
                private FileStream WriteFile { get; }
                public FileStream Shared;
                internal FileStream Other { get; set; }

                public Download(string path)
                {
                    WriteFile = new FileStream(path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.ReadWrite);
                    Shared = new FileStream(path + ".1", FileMode.Append);
                    Other = new FileStream(path + ".2", FileMode.Append);
                }

                public async Task SaveChunkAsync(byte[] chunk)
                {
                    await WriteFile.WriteAsync(chunk);
                    // Written and flushed to disk, so that the download resumes from here.
                    await {|#0:WriteFile.FlushAsync()|};
                    Shared.Flush();
                    Other.Flush();
                }
            }
            """,
            VerifyCS.Diagnostic().WithLocation(0).WithArguments("WriteFile", "handed to the operating system by FlushAsync()"));

    [Fact]
    public Task AStreamWrapperPassingItsFlushOn_IsNotFlagged_ButItsCommitIs() =>
        VerifyCS.VerifyAnalyzerAsync(
            """
            using System.IO;
            using System.Threading;
            using System.Threading.Tasks;

            public sealed class TransactionStream : Stream
            {
                private readonly FileStream _temp = new("data.tmp", FileMode.Create);

                public override void Flush() => _temp.Flush();
                public override Task FlushAsync(CancellationToken cancellationToken) => _temp.FlushAsync(cancellationToken);
                public void Commit() => {|#0:_temp.Flush()|};

                public override bool CanRead => false;
                public override bool CanSeek => false;
                public override bool CanWrite => true;
                public override long Length => _temp.Length;
                public override long Position { get => _temp.Position; set => _temp.Position = value; }
                public override int Read(byte[] buffer, int offset, int count) => throw new System.NotSupportedException();
                public override long Seek(long offset, SeekOrigin origin) => throw new System.NotSupportedException();
                public override void SetLength(long value) => _temp.SetLength(value);
                public override void Write(byte[] buffer, int offset, int count) => _temp.Write(buffer, offset, count);
            }
            """,
            VerifyCS.Diagnostic().WithLocation(0).WithArguments("_temp", "handed to the operating system by Flush()"));

    [Fact]
    public async Task WriteThrough_ALocalOrAnotherObjectsStream_OrAMemoryStream_AreNotJudged()
    {
        await VerifyCS.VerifyAnalyzerAsync(Journal("public void Append(byte[] record) { _log.Write(record); _log.Flush(); }")
            .Replace("FileShare.Read)", "FileShare.Read, 4096, FileOptions.WriteThrough)"));
        await VerifyCS.VerifyAnalyzerAsync("""
            using System.IO;

            public sealed class Buffers
            {
                private readonly Stream _memory = new MemoryStream();
                private Stream _given;

                public Buffers(Stream given) { _given = given; }

                public void Flush(Other other)
                {
                    _memory.Flush();
                    _given.Flush();
                    other.Log.Flush();
                }
            }

            public sealed class Other
            {
                public FileStream Log = null!;
            }
            """);
    }
}
