using System.Linq;
using System.Threading.Tasks;
using DurableWrites.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;

namespace DurableWrites.Analyzers.Tests;

/// <summary>Unfinished and unusual code: the analyzers must never throw (AD0001), whatever the editor holds.</summary>
public class RobustnessTests
{
    public static TheoryData<string> BrokenCode => new()
    {
        // Unfinished statements.
        "using System.IO; class C { void M(string p) { using var fs = File.Create(p); fs.Write( } }",
        "using System.IO; class C { void M(string p) { File.WriteAllText(p, ; File.Move(p, } }",
        "using System.IO; class C { void M(string p) { using (var fs = new FileStream(p, FileMode.)) { fs. } } }",
        "using System.IO; class C { void M(string p) { var fs = File.Create(",
        // Missing types and members.
        "using System.IO; class C { void M(string p) { using var fs = File.Create(p); Missing.Write(fs); fs.Frobnicate(); new Unknown(fs).Go(); } }",
        "using System.IO; class C { void M(Missing p) { File.Move(p.Source, p.Target); File.WriteAllText(p, p); } }",
        "class C { void M(string p) { File.Create(p).Write(new byte[1]); } }",
        "using System.Xml; class C { void M(string p) { using var w = XmlWriter.Create(p, new XmlWriterSettings { Indent = }); new XmlTextWriter(p, ); XmlWriter.Create(outputFileName: ) } }",
        // Calls that do not bind, on streams, writers and File's one-shot writes.
        "using System.IO; class C { void M(string p, Missing m) { using var fs = File.Create(p); fs.Write(m.Bytes); m.CopyTo(fs, ref fs); Missing.Save(fs, out var x); using var w = new StreamWriter(fs); w.Write(m, m, m); w.Dispose(m); } }",
        "using System.IO; class C { void M(string p, Missing m) { File.WriteAllText(path: , contents: m.Text); File.AppendAllText(m.Path, m.Text); File.WriteAllBytes(p); File.WriteAllText(); File.WriteAllText(p, m.Text, m.Encoding, m.Token); } }",
        "using System.IO; using static System.IO.File; class C { void M(string p, Missing m) { WriteAllText(p, m.Text); using var h = OpenHandle(p, FileMode.Create, FileAccess.Write); RandomAccess.Write(h, m.Span, m.Offset); m.Invoke<int>(h)(h); } }",
        // Top-level statements.
        "using System.IO; using var fs = File.Create(args[0]); fs.Write(new byte[] { 1 }); File.Move(args[0], args[1]); System.Diagnostics.Process.Start(\"sync\");",
        // Lambdas, local functions, async streams, switch expressions, generics, partial methods.
        """
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Threading.Tasks;

        partial class C<T> where T : Stream
        {
            partial void Write(string p);
            partial void Write(string p) { Func<FileStream> open = () => File.Create(p); using var s = open(); s.WriteByte(1); }

            async IAsyncEnumerable<int> Lines(string p)
            {
                await using var fs = File.Create(p);
                foreach (var b in new byte[] { 1, 2 }) { fs.WriteByte(b); yield return b; }
            }

            string Kind(FileMode mode, string p) => mode switch
            {
                FileMode.Create => new FileStream(p, mode).Name,
                _ => File.ReadAllText(p),
            };

            void Local(string p)
            {
                using var fs = File.Create(p);
                Write(fs);
                Helper();
                void Write(Stream s) => s.WriteByte(0);
                void Helper() { fs.Flush(true); static void Inner() { } }
            }

            void Generic<TStream>(TStream stream) where TStream : Stream { using (stream) { stream.WriteByte(1); } }

            void Conditional(string p, bool b)
            {
                using var fs = b ? File.Create(p) : File.OpenWrite(p);
                using var other = File.Create(p) ?? throw new InvalidOperationException();
                fs?.WriteByte(1);
                other.WriteByte(2);
            }

            void Goto(string p) { var fs = File.Create(p); again: fs.WriteByte(1); if (fs.Length < 3) goto again; fs.Dispose(); }

            void Nested(string p) { try { using var fs = File.Create(p); try { fs.WriteByte(1); } finally { fs.Flush(); } } catch (IOException) when (p.Length > 0) { throw; } }
        }
        """,
        // Stream and writer fields set and flushed in unusual ways.
        """
        #nullable enable
        using System;
        using System.IO;
        using System.Threading.Tasks;

        partial class Store<T>(string root, bool flag)
        {
            private StreamWriter? _a = flag ? new StreamWriter(root) : null;
            private StreamWriter _b = new(path: root + "/b", append: true);
            private StreamWriter _c = new StreamWriter(stream: _missing);
            private TextWriter _d = default!;
            private BinaryWriter _e = new BinaryWriter(default!);
            private Stream _s = File.Open(Path.Combine(Unknown.Dir, $"{root}"), FileMode.Append);
            private Stream _t = Path.GetTempPath() is var t ? File.Create(t + "x") : Stream.Null;
            private StreamWriter _f;
            private StreamWriter _g = new StreamWriter(_g!.BaseStream);
            private BinaryWriter _h = new BinaryWriter(new BufferedStream(File.OpenWrite(root)));
            private TextWriter Log { get; } = File.AppendText(root);

            Store() : this("", false) { _f = new StreamWriter(_s); _d = _f; Action flush = _f.Flush; }

            void M()
            {
                _a?.Flush();
                _b.Flush();
                _c.Flush();
                _d.Flush();
                _e.Flush();
                _f.Flush();
                _g.Flush();
                _h.Flush();
                Log.Flush();
                this.Log?.Flush();
                (_b as TextWriter).Flush();
                ((StreamWriter)_d).Flush();
                _s.Flush(); _t.Flush();
                Func<Task> later = async () => await _b.FlushAsync().ConfigureAwait(false);
                _ = _b.FlushAsync();
                _f = null!;
                (_a, _b) = (null, _b);
            }
        }
        """,
        // Attributes, field initializers, constructors with initializers, property bodies, expression-bodied members.
        """
        using System;
        using System.IO;

        class Base { public Base(Stream s) { } }

        class D : Base
        {
            static readonly FileStream Shared = File.Create("shared.bin");
            readonly string _text = File.ReadAllText("x");

            [Obsolete("x")]
            public D(string p) : base(File.Create(p)) { File.WriteAllText(p, "x"); }

            public string P { get => ""; set => File.WriteAllText(value, value); }

            public void M(string p = "default.txt") => new StreamWriter(p).Dispose();

            ~D() { File.Delete("x"); }

            public static implicit operator D(string p) => new D(p);
        }
        """,
        // P/Invoke edge cases.
        """
        using System.Runtime.InteropServices;
        static class N
        {
            [DllImport(null!)] static extern void sync();
            [DllImport("libc", EntryPoint = null)] static extern void syncfs();
            static void M() { sync(); syncfs(); }
        }
        """,
        """
        using System.IO;
        using System.Runtime.InteropServices;
        static class W
        {
            [DllImport("libc")] static extern int fsync(int fd);
            static void M(string p)
            {
                using var w = new StreamWriter(p);
                w.Write("x");
                w.Flush();
                fsync((int)((FileStream)w.BaseStream).SafeFileHandle.);
                fsync(w.BaseStream);
                RandomAccess.FlushToDisk(w.BaseStream.SafeFileHandle);
                fsync();
                Half(w.BaseStream);
                Broken((FileStream)w.BaseStream);
            }
            static void Half(Stream s) { s.Flush(true; fsync((int)s.) }
            static void Broken(FileStream s) => s is FileStream f ? f.Flush(flushToDisk: ) : Missing(s.SafeFileHandle.);
        }
        """,
        // Deep nesting and unusual expressions.
        "using System.IO; class C { void M(string p) { using var a = File.Create(p); using var b = new BufferedStream(new BufferedStream(a)); b.Write(new byte[1]); var t = (a, b); object o = a; _ = o; } }",
        "using System.IO; class C { void M(string p) { foreach (var f in new[] { File.Create(p) }) { f.WriteByte(1); f.Dispose(); } } }",
        "using System.IO; class C { Stream M(string p) => File.Create(p) is var s && s.CanWrite ? s : throw null!; }",
    };

    [Fact]
    public async Task ExpressionsThousandsDeep_DoNotOverflowTheStack()
    {
        // A stack overflow is no AD0001: it ends the compiler's process. Generated or templated code can concatenate
        // thousands of parts, as a path or as what is written.
        string parts = string.Join(" + \"/\" + ", Enumerable.Repeat("x", 20_000));
        string source = $$"""
            using System.IO;

            class C
            {
                void M(string x, string temp, string target)
                {
                    File.WriteAllText({{parts}}, x);
                    using var fs = File.Create(x);
                    var writer = new StreamWriter(fs);
                    writer.Write(x);
                    writer.Flush();
                    File.WriteAllText(temp, x);
                    File.Move(temp, target, true);
                }
            }
            """;
        var ids = (await AllRules.AnalyzeAsync(source)).Select(d => d.Id).OrderBy(id => id).ToArray();
        Assert.Equal(new[] { "DUR001", "DUR004", "DUR005" }, ids);
    }

    [Theory]
    [MemberData(nameof(BrokenCode))]
    public async Task FixersNeverThrow_AndAddNoCompilerError(string source)
    {
        Project project = AllRules.CreateProject(source);
        var errorsBefore = (await AllRules.CompilerErrorsAsync(project)).Select(e => e.Id).ToList();
        foreach (var (diagnostic, _, action) in await AllRules.OffersAsync(project))
        {
            Solution fixedSolution = await AllRules.ApplyAsync(action);
            var errorsAfter = (await AllRules.CompilerErrorsAsync(fixedSolution.GetProject(project.Id)!)).Select(e => e.Id).ToList();
            foreach (string id in errorsBefore)
            {
                errorsAfter.Remove(id);
            }

            Assert.True(errorsAfter.Count == 0, $"'{action.Title}' for {diagnostic} adds {string.Join(", ", errorsAfter)}");
        }
    }

    [Theory]
    [MemberData(nameof(BrokenCode))]
    public async Task AnalyzersNeverThrow(string source)
    {
        foreach (OutputKind kind in new[] { OutputKind.DynamicallyLinkedLibrary, OutputKind.ConsoleApplication })
        {
            await AllRules.AnalyzeAsync(source, kind);
        }
    }
}
