using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Xunit;

namespace DurableWrites.Tests;

public sealed class DurableFileAppendAndStreamTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Appends_create_the_file_and_produce_the_same_bytes_as_File()
    {
        foreach (Encoding encoding in new Encoding[] { new UTF8Encoding(true), Encoding.Unicode })
        {
            string durable = _dir.File("durable-" + encoding.WebName);
            string plain = _dir.File("plain-" + encoding.WebName);

            DurableFile.AppendAllText(durable, "first ✓", encoding);
            DurableFile.AppendAllLines(durable, new[] { "x", "y" }, encoding);
            File.AppendAllText(plain, "first ✓", encoding);
            File.AppendAllLines(plain, new[] { "x", "y" }, encoding);

            Assert.Equal(File.ReadAllBytes(plain), File.ReadAllBytes(durable));
        }

        DurableFile.AppendAllText(_dir.File("d"), "a");
        DurableFile.AppendAllBytes(_dir.File("d"), new byte[] { 66 });
        DurableFile.AppendAllLines(_dir.File("d"), new[] { "c" });
        Assert.Equal("aBc" + Environment.NewLine, File.ReadAllText(_dir.File("d")));
    }

    [Fact]
    public async Task Async_appends_match_the_synchronous_ones()
    {
        string path = _dir.File("log.txt");
        await DurableFile.AppendAllTextAsync(path, "a");
        await DurableFile.AppendAllLinesAsync(path, new[] { "b" });
        await DurableFile.AppendAllBytesAsync(path, new byte[] { 67 });
        await DurableFile.AppendAllTextAsync(path, "d", Encoding.ASCII);

        Assert.Equal("ab" + Environment.NewLine + "Cd", File.ReadAllText(path));
    }

    [Fact]
    public async Task Memory_text_overloads_write_the_bytes_File_writes()
    {
        ReadOnlyMemory<char> text = "héllo wörld".AsMemory(1, 7);
        foreach (Encoding? encoding in new[] { null, Encoding.Unicode, Encoding.UTF8 })
        {
            string name = encoding?.WebName ?? "default";
            string plain = _dir.File("plain-" + name), durable = _dir.File("durable-" + name);
            for (int round = 0; round < 2; round++)
            {
                if (encoding is null)
                {
                    await File.AppendAllTextAsync(plain, text);
                    await DurableFile.AppendAllTextAsync(durable, text);
                }
                else
                {
                    await File.AppendAllTextAsync(plain, text, encoding);
                    await DurableFile.AppendAllTextAsync(durable, text, encoding);
                }
            }

            Assert.Equal(File.ReadAllBytes(plain), File.ReadAllBytes(durable));

            if (encoding is null)
            {
                await File.WriteAllTextAsync(plain, text);
                await DurableFile.WriteAllTextAsync(durable, text);
            }
            else
            {
                await File.WriteAllTextAsync(plain, text, encoding);
                await DurableFile.WriteAllTextAsync(durable, text, encoding);
            }

            Assert.Equal(File.ReadAllBytes(plain), File.ReadAllBytes(durable));
            Assert.Equal("éllo wö", File.ReadAllText(durable));
        }
    }

    [Fact]
    public void A_failed_append_cuts_the_file_back_to_its_old_length()
    {
        string path = _dir.File("journal.log");
        File.WriteAllText(path, "committed\n");

        IEnumerable<string> LinesThatFail()
        {
            yield return new string('p', 50_000);
            throw new InvalidOperationException("producer failed");
        }

        Assert.Throws<InvalidOperationException>(() => DurableFile.AppendAllLines(path, LinesThatFail()));

        Assert.Equal("committed\n", File.ReadAllText(path));
    }

    [Fact]
    public void Create_returns_a_FileStream_that_is_written_and_flushed_on_dispose()
    {
        string path = _dir.File("record.bin");
        using (FileStream stream = DurableFile.Create(path))
        {
            Assert.True(((DurableFileStream)stream).CreatedFile);
            stream.Write(new byte[] { 1, 2, 3 });
        }

        Assert.Equal(new byte[] { 1, 2, 3 }, File.ReadAllBytes(path));

        using (DurableFileStream again = DurableFile.Create(path))
        {
            Assert.False(again.CreatedFile);
            Assert.Equal(0, again.Length);
        }
    }

    [Fact]
    public void Open_and_OpenWrite_have_File_semantics()
    {
        string path = _dir.File("f.txt");
        File.WriteAllText(path, "0123456789");

        using (DurableFileStream stream = DurableFile.OpenWrite(path))
        {
            Assert.False(stream.CanRead);
            stream.Write(Encoding.ASCII.GetBytes("ab"));
        }

        Assert.Equal("ab23456789", File.ReadAllText(path));

        using (DurableFileStream stream = DurableFile.Open(path, FileMode.Append))
        {
            Assert.False(stream.CanRead);
            stream.Write(Encoding.ASCII.GetBytes("!"));
        }

        Assert.Equal("ab23456789!", File.ReadAllText(path));

        using (DurableFileStream stream = DurableFile.Open(path, FileMode.Open, FileAccess.Read))
        {
            Assert.False(stream.CanWrite);
        }

        Assert.Throws<FileNotFoundException>(() => DurableFile.Open(_dir.File("missing"), FileMode.Open));
        Assert.Throws<IOException>(() => DurableFile.Open(path, FileMode.CreateNew));
    }

    [Fact]
    public void DurableFileStream_constructors_mirror_FileStream_defaults()
    {
        string path = _dir.File("s.bin");
        using (var durable = new DurableFileStream(path, FileMode.Create))
        using (var reader = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
        {
            // FileStream(path, mode) shares Read, so a second reader may open it.
            Assert.True(durable.CanRead && durable.CanWrite);
        }

        using (var append = new DurableFileStream(path, FileMode.Append))
        {
            Assert.False(append.CanRead);
        }

        using (var options = new DurableFileStream(path, new FileStreamOptions { Mode = FileMode.Open, Access = FileAccess.ReadWrite }))
        {
            Assert.True(options.CanWrite);
        }

        Assert.Throws<ArgumentNullException>(() => new DurableFileStream(null!, FileMode.Create));
        Assert.Throws<ArgumentException>(() => new DurableFileStream("", FileMode.Create));
        Assert.Throws<ArgumentException>(() => new DurableFileStream(path, FileMode.Append, FileAccess.Read));
    }

    [Fact]
    public async Task DisposeAsync_and_double_dispose_work()
    {
        string path = _dir.File("async.bin");
        var stream = new DurableFileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, useAsync: true);
        await stream.WriteAsync(new byte[] { 5, 6 });
        await stream.DisposeAsync();
        await stream.DisposeAsync();
        stream.Dispose();

        Assert.Equal(new byte[] { 5, 6 }, File.ReadAllBytes(path));
    }

    [Fact]
    public void StreamWriter_twins_write_what_StreamWriter_writes()
    {
        using (StreamWriter writer = DurableFile.OpenStreamWriter(_dir.File("d1.txt")))
        {
            writer.Write("héllo");
        }

        using (var writer = new StreamWriter(_dir.File("p1.txt")))
        {
            writer.Write("héllo");
        }

        using (StreamWriter writer = DurableFile.OpenStreamWriter(_dir.File("d1.txt"), append: true, Encoding.UTF8))
        {
            writer.Write(" again");
        }

        using (var writer = new StreamWriter(_dir.File("p1.txt"), append: true, Encoding.UTF8))
        {
            writer.Write(" again");
        }

        using (StreamWriter writer = DurableFile.CreateText(_dir.File("d2.txt")))
        {
            writer.WriteLine("c");
        }

        using (StreamWriter writer = DurableFile.AppendText(_dir.File("d2.txt")))
        {
            writer.WriteLine("d");
        }

        Assert.Equal(File.ReadAllBytes(_dir.File("p1.txt")), File.ReadAllBytes(_dir.File("d1.txt")));
        Assert.Equal("c" + Environment.NewLine + "d" + Environment.NewLine, File.ReadAllText(_dir.File("d2.txt")));
    }
}
