using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace DurableWrites.Tests;

/// <summary>Whole-file writes: the same bytes as System.IO, atomically, with nothing left behind.</summary>
public sealed class DurableFileWriteTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    public static IEnumerable<object[]> Encodings() => new[]
    {
        new object[] { "utf-8 with BOM", new UTF8Encoding(true) },
        new object[] { "utf-8 without BOM", new UTF8Encoding(false) },
        new object[] { "utf-16", Encoding.Unicode },
        new object[] { "latin1", Encoding.Latin1 },
        new object[] { "ascii", Encoding.ASCII },
    };

    [Fact]
    public void WriteAllText_creates_the_file_with_the_same_bytes_as_File()
    {
        DurableFile.WriteAllText(_dir.File("durable.txt"), "héllo\nwörld");
        File.WriteAllText(_dir.File("plain.txt"), "héllo\nwörld");

        Assert.Equal(File.ReadAllBytes(_dir.File("plain.txt")), File.ReadAllBytes(_dir.File("durable.txt")));
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public void WriteAllText_with_an_encoding_matches_File_including_the_preamble(string name, Encoding encoding)
    {
        DurableFile.WriteAllText(_dir.File("durable.txt"), "Grüße ✓", encoding);
        File.WriteAllText(_dir.File("plain.txt"), "Grüße ✓", encoding);

        Assert.True(File.ReadAllBytes(_dir.File("plain.txt")).SequenceEqual(File.ReadAllBytes(_dir.File("durable.txt"))), name);
    }

    [Fact]
    public void WriteAllText_replaces_existing_content_and_leaves_no_temporary_file()
    {
        string path = _dir.File("settings.json");
        File.WriteAllText(path, new string('x', 10_000));

        DurableFile.WriteAllText(path, "{}");

        Assert.Equal("{}", File.ReadAllText(path));
        Assert.Equal(new[] { "settings.json" }, _dir.Entries());
    }

    [Fact]
    public void WriteAllText_of_null_writes_an_empty_file()
    {
        DurableFile.WriteAllText(_dir.File("empty.txt"), null);

        Assert.Equal(0, new FileInfo(_dir.File("empty.txt")).Length);
    }

    [Fact]
    public void WriteAllLines_matches_File_WriteAllLines()
    {
        string[] lines = { "one", "", "three ✓" };
        DurableFile.WriteAllLines(_dir.File("durable.txt"), lines);
        File.WriteAllLines(_dir.File("plain.txt"), lines);
        DurableFile.WriteAllLines(_dir.File("durable16.txt"), lines, Encoding.Unicode);
        File.WriteAllLines(_dir.File("plain16.txt"), lines, Encoding.Unicode);

        Assert.Equal(File.ReadAllBytes(_dir.File("plain.txt")), File.ReadAllBytes(_dir.File("durable.txt")));
        Assert.Equal(File.ReadAllBytes(_dir.File("plain16.txt")), File.ReadAllBytes(_dir.File("durable16.txt")));
    }

    [Fact]
    public void WriteAllBytes_writes_exactly_the_bytes()
    {
        byte[] bytes = new byte[300_000];
        new Random(42).NextBytes(bytes);

        DurableFile.WriteAllBytes(_dir.File("blob.bin"), bytes);

        Assert.Equal(bytes, File.ReadAllBytes(_dir.File("blob.bin")));
    }

    [Fact]
    public void Span_overloads_write_the_same_bytes()
    {
        DurableFile.WriteAllBytes(_dir.File("a.bin"), new ReadOnlySpan<byte>(new byte[] { 1, 2, 3 }));
        DurableFile.WriteAllText(_dir.File("a.txt"), "span".AsSpan());

        Assert.Equal(new byte[] { 1, 2, 3 }, File.ReadAllBytes(_dir.File("a.bin")));
        Assert.Equal("span", File.ReadAllText(_dir.File("a.txt")));
    }

    [Fact]
    public async Task Async_writes_match_the_synchronous_ones()
    {
        await DurableFile.WriteAllTextAsync(_dir.File("t.txt"), "text");
        await DurableFile.WriteAllTextAsync(_dir.File("t16.txt"), "text", Encoding.Unicode);
        await DurableFile.WriteAllBytesAsync(_dir.File("b.bin"), new byte[] { 9, 8, 7 });
        await DurableFile.WriteAllBytesAsync(_dir.File("m.bin"), new ReadOnlyMemory<byte>(new byte[] { 6 }));
        await DurableFile.WriteAllLinesAsync(_dir.File("l.txt"), new[] { "a", "b" });
        await DurableFile.WriteAsync(_dir.File("w.txt"), (stream, ct) => stream.WriteAsync(new byte[] { 65 }, 0, 1, ct));

        Assert.Equal("text", File.ReadAllText(_dir.File("t.txt")));
        Assert.Equal(Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("text")), File.ReadAllBytes(_dir.File("t16.txt")));
        Assert.Equal(new byte[] { 9, 8, 7 }, File.ReadAllBytes(_dir.File("b.bin")));
        Assert.Equal(new byte[] { 6 }, File.ReadAllBytes(_dir.File("m.bin")));
        Assert.Equal("a" + Environment.NewLine + "b" + Environment.NewLine, File.ReadAllText(_dir.File("l.txt")));
        Assert.Equal("A", File.ReadAllText(_dir.File("w.txt")));
        Assert.Equal(new[] { "b.bin", "l.txt", "m.bin", "t.txt", "t16.txt", "w.txt" }, _dir.Entries());
    }

    [Fact]
    public void Write_with_a_callback_is_atomic_and_a_throwing_callback_leaves_the_old_file()
    {
        string path = _dir.File("doc.xml");
        DurableFile.Write(path, stream => stream.Write(Encoding.UTF8.GetBytes("<old/>")));

        var failure = Assert.Throws<InvalidOperationException>(() => DurableFile.Write(path, stream =>
        {
            stream.Write(Encoding.UTF8.GetBytes("<new>half"));
            throw new InvalidOperationException("serializer failed");
        }));

        Assert.Equal("serializer failed", failure.Message);
        Assert.Equal("<old/>", File.ReadAllText(path));
        Assert.Equal(new[] { "doc.xml" }, _dir.Entries());
    }

    /// <summary>DUR004's fix for <c>document.Save(path, …)</c>, <c>DurableFile.Write(path, stream => document.Save(stream, …))</c>, writes the same bytes.</summary>
    [Fact]
    public void The_Save_fix_writes_the_same_bytes_as_Save_to_a_path()
    {
        var utf16 = System.Xml.Linq.XDocument.Parse("<?xml version=\"1.0\" encoding=\"utf-16\"?><a><b>\u00e9</b></a>");
        var element = new System.Xml.Linq.XElement("a", new System.Xml.Linq.XElement("b", "\u00e9"));
        var latin1 = new System.Xml.XmlDocument();
        latin1.LoadXml("<?xml version=\"1.0\" encoding=\"iso-8859-1\"?><a><b>\u00e9</b></a>");
        var preserved = new System.Xml.XmlDocument { PreserveWhitespace = true };
        preserved.LoadXml("<a>\n <b>\u00e9</b></a>");

        var cases = new (string Name, Action<string> ToPath, Action<Stream> ToStream)[]
        {
            ("XDocument utf-16", p => utf16.Save(p), s => utf16.Save(s)),
            ("XElement, no formatting", p => element.Save(p, System.Xml.Linq.SaveOptions.DisableFormatting), s => element.Save(s, System.Xml.Linq.SaveOptions.DisableFormatting)),
            ("XmlDocument latin-1", p => latin1.Save(p), s => latin1.Save(s)),
            ("XmlDocument preserving whitespace", p => preserved.Save(p), s => preserved.Save(s)),
        };
        foreach (var (name, toPath, toStream) in cases)
        {
            string original = _dir.File("original.xml");
            string durable = _dir.File("durable.xml");
            toPath(original);
            DurableFile.Write(durable, toStream);
            Assert.True(File.ReadAllBytes(original).AsSpan().SequenceEqual(File.ReadAllBytes(durable)), name);
        }
    }

    /// <summary>
    /// DUR004's fix for <c>data.WriteXml(path, …)</c>: the XmlTextWriter WriteXml(path) makes, over the durable stream.
    /// WriteXml(Stream) alone would drop the XML declaration, so the fix is checked here against the bytes of the original.
    /// </summary>
    [Fact]
    public void The_DataSet_fix_writes_the_same_bytes_as_WriteXml_to_a_path()
    {
        var data = new System.Data.DataSet("Orders");
        System.Data.DataTable table = data.Tables.Add("Order");
        table.Columns.Add("Id", typeof(int));
        table.Columns.Add("Name", typeof(string));
        table.Rows.Add(1, "h\u00e9llo");
        table.Rows.Add(2, "w\u00f6rld & <more>");

        var cases = new (string Name, Action<string> ToPath, Action<System.Xml.XmlWriter> ToWriter)[]
        {
            ("DataSet.WriteXml", p => data.WriteXml(p), w => data.WriteXml(w)),
            ("DataSet.WriteXml(DiffGram)", p => data.WriteXml(p, System.Data.XmlWriteMode.DiffGram), w => data.WriteXml(w, System.Data.XmlWriteMode.DiffGram)),
            ("DataSet.WriteXmlSchema", p => data.WriteXmlSchema(p), w => data.WriteXmlSchema(w)),
            ("DataTable.WriteXml(WriteSchema, hierarchy)", p => table.WriteXml(p, System.Data.XmlWriteMode.WriteSchema, true), w => table.WriteXml(w, System.Data.XmlWriteMode.WriteSchema, true)),
            ("DataTable.WriteXmlSchema", p => table.WriteXmlSchema(p), w => table.WriteXmlSchema(w)),
        };
        foreach (var (name, toPath, toWriter) in cases)
        {
            string original = _dir.File("original.xml");
            string durable = _dir.File("durable.xml");
            toPath(original);
            DurableFile.Write(durable, stream =>
            {
                var writer = new System.Xml.XmlTextWriter(stream, null) { Formatting = System.Xml.Formatting.Indented };
                writer.WriteStartDocument(true);
                toWriter(writer);
                writer.WriteEndDocument();
                writer.Flush();
            });
            Assert.True(File.ReadAllBytes(original).AsSpan().SequenceEqual(File.ReadAllBytes(durable)), name);
        }
    }

    [Fact]
    public async Task Cancelled_async_write_leaves_the_old_file_and_no_temporary_file()
    {
        string path = _dir.File("state.txt");
        File.WriteAllText(path, "old");
        using var cancellation = new CancellationTokenSource();

        IEnumerable<string> LinesThenCancel()
        {
            yield return new string('n', 100_000);
            cancellation.Cancel();
            yield return "never";
        }

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => DurableFile.WriteAllLinesAsync(path, LinesThenCancel(), cancellation.Token));

        Assert.Equal("old", File.ReadAllText(path));
        Assert.Equal(new[] { "state.txt" }, _dir.Entries());
    }

    [Fact]
    public async Task An_already_cancelled_token_changes_nothing()
    {
        string path = _dir.File("state.txt");
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => DurableFile.WriteAllTextAsync(path, "new", new CancellationToken(canceled: true)));

        Assert.Empty(_dir.Entries());
    }

    [SkippableFact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void Replace_keeps_the_permission_bits_of_the_existing_file()
    {
        Skip.If(OperatingSystem.IsWindows(), "Unix permission bits");
        string path = _dir.File("secret.key");
        File.WriteAllText(path, "old");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        DurableFile.WriteAllText(path, "new");

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Equal("new", File.ReadAllText(path));
    }

    [SkippableFact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void A_new_file_gets_the_same_default_permission_bits_as_File_WriteAllText()
    {
        Skip.If(OperatingSystem.IsWindows(), "Unix permission bits");
        DurableFile.WriteAllText(_dir.File("durable.txt"), "x");
        File.WriteAllText(_dir.File("plain.txt"), "x");

        Assert.Equal(File.GetUnixFileMode(_dir.File("plain.txt")), File.GetUnixFileMode(_dir.File("durable.txt")));
    }

    [SkippableFact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void A_symbolic_link_target_is_replaced_through_the_link_which_stays_a_link()
    {
        Skip.If(OperatingSystem.IsWindows(), "symbolic links need privileges on Windows");
        Directory.CreateDirectory(_dir.File("real"));
        string realFile = Path.Combine(_dir.File("real"), "config.ini");
        File.WriteAllText(realFile, "old");
        string link = _dir.File("config.ini");
        File.CreateSymbolicLink(link, realFile);

        DurableFile.WriteAllText(link, "new");

        Assert.Equal(realFile, new FileInfo(link).LinkTarget);
        Assert.Equal("new", File.ReadAllText(realFile));
        Assert.Equal(new[] { "config.ini" }, Directory.GetFiles(_dir.File("real")).Select(Path.GetFileName));
    }

    [Fact]
    public void Readers_only_ever_see_the_old_or_the_new_content()
    {
        string path = _dir.File("data.bin");
        const int size = 512 * 1024;
        byte[] a = Enumerable.Repeat((byte)'a', size).ToArray();
        byte[] b = Enumerable.Repeat((byte)'b', size).ToArray();
        DurableFile.WriteAllBytes(path, a);

        int torn = CountTornReads(path, size, i => DurableFile.WriteAllBytes(path, i % 2 == 0 ? b : a), replacements: 60);

        Assert.Equal(0, torn);
    }

    [Fact]
    public void The_atomicity_check_catches_torn_reads_of_File_WriteAllBytes()
    {
        // Negative control: the same reader does see partial files when the write is not atomic.
        string path = _dir.File("data.bin");
        const int size = 512 * 1024;
        byte[] a = Enumerable.Repeat((byte)'a', size).ToArray();
        byte[] b = Enumerable.Repeat((byte)'b', size).ToArray();
        File.WriteAllBytes(path, a);

        int torn = 0;
        for (int round = 0; round < 20 && torn == 0; round++)
        {
            torn += CountTornReads(path, size, i => File.WriteAllBytes(path, i % 2 == 0 ? b : a), replacements: 200);
        }

        Assert.True(torn > 0, "File.WriteAllBytes never showed a partial file: the atomicity check would prove nothing");
    }

    /// <summary>Replaces the file repeatedly while another thread reads it; counts reads that were neither all-a nor all-b of full size.</summary>
    private static int CountTornReads(string path, int size, Action<int> replace, int replacements)
    {
        int torn = 0;
        using var done = new CancellationTokenSource();
        Task reader = Task.Run(() =>
        {
            while (!done.IsCancellationRequested)
            {
                byte[] seen;
                try
                {
                    seen = File.ReadAllBytes(path);
                }
                catch (FileNotFoundException)
                {
                    Interlocked.Increment(ref torn);
                    continue;
                }
                catch (IOException)
                {
                    continue;
                }

                if (seen.Length != size || seen.Any(x => x != seen[0]))
                {
                    Interlocked.Increment(ref torn);
                }
            }
        });

        for (int i = 0; i < replacements; i++)
        {
            replace(i);
        }

        done.Cancel();
        reader.Wait();
        return torn;
    }
}
