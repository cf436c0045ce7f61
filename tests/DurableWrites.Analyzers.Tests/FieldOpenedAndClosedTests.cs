using System.Linq;
using System.Threading.Tasks;
using DurableWrites.Analyzers.Tests.Verifiers;
using DurableWrites.CodeFixes;
using VerifyCS = DurableWrites.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    DurableWrites.Analyzers.Dur001UnflushedStreamAnalyzer,
    DurableWrites.CodeFixes.Dur001UnflushedStreamFixer>;

namespace DurableWrites.Analyzers.Tests;

/// <summary>
/// DUR001 for a file a method opens into a field and closes before it returns, while helper methods write it: a save
/// game, an image, a table written through <c>_writer</c>.
/// </summary>
public class FieldOpenedAndClosedTests
{
    private const string ThenClosed = "then closed";

    [Fact]
    public Task ASaveWrittenByHelpersThroughAField_IsFlagged_AndOpenedAsADurableFileStream() =>
        VerifyCS.VerifyCodeFixAsync(
            """
            using System.IO;

            public sealed class WorldStore
            {
                private readonly string _savePath;
                private BinaryWriter _writer;

                public WorldStore(string savePath) => _savePath = savePath;

                public void Save(int[] chunks)
                {
                    _writer = new BinaryWriter({|#0:File.Open(_savePath, FileMode.Create)|});
                    WriteHeader(chunks.Length);
                    foreach (int chunk in chunks)
                    {
                        WriteChunk(chunk);
                    }

                    _writer.Close();
                }

                private void WriteHeader(int count) => _writer.Write(count);

                private void WriteChunk(int chunk) => _writer.Write(chunk);
            }
            """,
            new[] { VerifyCS.Diagnostic().WithLocation(0).WithArguments("_writer", ThenClosed) },
            """
            using System.IO;
            using DurableWrites;

            public sealed class WorldStore
            {
                private readonly string _savePath;
                private BinaryWriter _writer;

                public WorldStore(string savePath) => _savePath = savePath;

                public void Save(int[] chunks)
                {
                    _writer = new BinaryWriter(DurableFile.Open(_savePath, FileMode.Create));
                    WriteHeader(chunks.Length);
                    foreach (int chunk in chunks)
                    {
                        WriteChunk(chunk);
                    }

                    _writer.Close();
                }

                private void WriteHeader(int count) => _writer.Write(count);

                private void WriteChunk(int chunk) => _writer.Write(chunk);
            }
            """,
            Dur001UnflushedStreamFixer.UseDurableStreamKey);

    [Fact]
    public Task AnOverwriteInPlace_AUsingThatAssignsTheField_AndAStreamField_AreFlagged() =>
        VerifyCS.VerifyAnalyzerAsync(
            """
            using System.IO;

            public sealed class Image
            {
                private BinaryWriter _pixels;
                private BinaryWriter _table;
                private FileStream _raw;

                public void Save(string path, int[] pixels)
                {
                    _pixels = new BinaryWriter({|#0:File.Open(path, FileMode.Open)|});
                    foreach (int pixel in pixels)
                    {
                        _pixels.Write(pixel);
                    }

                    _pixels?.Close();
                }

                public void CreateTable(string path)
                {
                    using (_table = new BinaryWriter({|#1:File.Open(path, FileMode.CreateNew)|}))
                    {
                        this.WriteBlocks();
                    }
                }

                public void SaveRaw(string path, byte[] data)
                {
                    _raw = {|#2:new FileStream(path, FileMode.Create)|};
                    _raw.Write(data, 0, data.Length);
                    _raw.Dispose();
                }

                private void WriteBlocks() => _table.Write(new byte[4096]);
            }
            """,
            VerifyCS.Diagnostic().WithLocation(0).WithArguments("_pixels", ThenClosed),
            VerifyCS.Diagnostic().WithLocation(1).WithArguments("_table", ThenClosed),
            VerifyCS.Diagnostic().WithLocation(2).WithArguments("_raw", ThenClosed));

    [Theory]
    // A helper flushes it to disk, and may run between the open and the close.
    [InlineData("_w = new BinaryWriter(File.Open(path, FileMode.Create)); Write(1); _w.Close();",
        "private void Write(int v) { _w.Write(v); _w.Flush(); ((FileStream)_w.BaseStream).Flush(true); }")]
    // Closed in another method: the stream lives on in the field.
    [InlineData("_w = new BinaryWriter(File.Open(path, FileMode.Append)); Write(1);",
        "private void Write(int v) => _w.Write(v);\n    public void Close() => _w.Close();")]
    // Nothing written before the close: a constructor's clean-up on an error path.
    [InlineData("_w = new BinaryWriter(File.Open(path, FileMode.OpenOrCreate)); if (new FileInfo(path).Length < 8) { _w.Dispose(); throw new InvalidDataException(nameof(path)); }",
        "private void Write(int v) => _w.Write(v);")]
    // Given another value before the close.
    [InlineData("_w = new BinaryWriter(File.Open(path, FileMode.Create)); _w = new BinaryWriter(Stream.Null); Write(1); _w.Close();",
        "private void Write(int v) => _w.Write(v);")]
    // Every write reaches the disk.
    [InlineData("_w = new BinaryWriter(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 4096, FileOptions.WriteThrough)); Write(1); _w.Close();",
        "private void Write(int v) => _w.Write(v);")]
    // Handed to code that may flush it to disk.
    [InlineData("_w = new BinaryWriter(File.Open(path, FileMode.Create)); Write(1); Fsync(_w); _w.Close();",
        "private void Write(int v) => _w.Write(v);\n    private static void Fsync(BinaryWriter writer) { }")]
    // Only read.
    [InlineData("_w = new BinaryWriter(File.Open(path, FileMode.Open, FileAccess.Read)); _w.Close();", "")]
    public Task AFieldThatMayBeFlushedOrLivesOn_IsNotFlaggedAsClosed(string body, string members) =>
        VerifyCS.VerifyAnalyzerAsync($$"""
            using System.IO;

            public sealed class Store
            {
                private BinaryWriter _w;

                public void Save(string path)
                {
                    {{body}}
                }

                {{members}}
            }
            """);

    [Fact]
    public async Task AFieldOpenedAndClosedUnflushed_IsReportedOnceAsDur001_AndOneFlushedByAHelperAsDur002()
    {
        const string source = """
            using System.IO;

            public sealed class Store
            {
                private BinaryWriter _unflushed;
                private BinaryWriter _flushed;

                public void Save(string path)
                {
                    _unflushed = new BinaryWriter(File.Open(path, FileMode.Create));
                    _unflushed.Write(1);
                    _unflushed.Close();
                }

                public void SaveFlushed(string path)
                {
                    _flushed = new BinaryWriter(File.Open(path + ".flushed", FileMode.Create));
                    WriteAndSync();
                    _flushed.Close();
                }

                private void WriteAndSync()
                {
                    _flushed.Write(2);
                    ((FileStream)_flushed.BaseStream).Flush(true);
                }
            }
            """;
        var diagnostics = await AllRules.AnalyzeAsync(source);
        Assert.Equal(
            new[] { "DUR001@9", "DUR002@16" },
            diagnostics.OrderBy(d => d.Location.SourceSpan.Start).Select(d => d.Id + "@" + d.Location.GetLineSpan().StartLinePosition.Line)); // zero-based lines
    }
}
