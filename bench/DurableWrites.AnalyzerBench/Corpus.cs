using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace DurableWrites.AnalyzerBench;

/// <summary>What a generated corpus holds.</summary>
internal sealed record CorpusStats(int Lines, int Files, int Methods, int FileIoMethods);

/// <summary>
/// A deterministic, realistic C# corpus: classes whose methods do string work, LINQ and arithmetic, with about one
/// method in twenty writing files the ways programs do (File.WriteAllText, FileStream, StreamWriter, File.Move,
/// File.AppendAllText, File.Copy). The same seed and size always give the same text.
/// </summary>
internal static class Corpus
{
    public const int Seed = 20241125;
    private const double FileIoShare = 0.05;

    public static (List<(string Path, string Text)> Files, CorpusStats Stats) Generate(int targetLines, int seed = Seed)
    {
        var random = new Random(seed);
        var files = new List<(string, string)>();
        int lines = 0, methods = 0, ioMethods = 0;
        for (int fileIndex = 0; lines < targetLines; fileIndex++)
        {
            var text = new Writer();
            string ns = "Corpus.Module" + (fileIndex / 20).ToString(CultureInfo.InvariantCulture);
            string cls = "Service" + fileIndex.ToString(CultureInfo.InvariantCulture);
            text.Line("using System;");
            text.Line("using System.Collections.Generic;");
            text.Line("using System.IO;");
            text.Line("using System.Linq;");
            text.Line("using System.Text;");
            text.Line("");
            text.Line($"namespace {ns};");
            text.Line("");
            text.Line($"public sealed record {cls}Item(int Id, string Name, decimal Amount, DateTime When, string Category);");
            text.Line("");
            text.Line($"public sealed class {cls}");
            text.Line("{");
            text.Line("    private readonly string _root;");
            text.Line($"    private readonly List<{cls}Item> _items = new();");
            text.Line("    private int _counter;");
            text.Line("");
            text.Line($"    public {cls}(string root) => _root = root;");
            text.Line("");
            int methodCount = 12 + random.Next(10);
            for (int m = 0; m < methodCount; m++)
            {
                bool io = random.NextDouble() < FileIoShare;
                string name = (io ? "Save" : "Compute") + m.ToString(CultureInfo.InvariantCulture);
                if (io)
                {
                    FileIoMethod(text, random, name);
                    ioMethods++;
                }
                else
                {
                    switch (random.Next(3))
                    {
                        case 0: StringMethod(text, random, name); break;
                        case 1: LinqMethod(text, random, name, cls); break;
                        default: ArithmeticMethod(text, random, name); break;
                    }
                }

                methods++;
                text.Line("");
            }

            text.Line("}");
            lines += text.Lines;
            files.Add(($"{ns.Replace('.', '/')}/{cls}.cs", text.ToString()));
        }

        return (files, new CorpusStats(lines, files.Count, methods, ioMethods));
    }

    private static void StringMethod(Writer w, Random r, string name)
    {
        int parts = 3 + r.Next(6);
        w.Line($"    public string {name}(string input, int count)");
        w.Line("    {");
        w.Line("        var builder = new StringBuilder();");
        w.Line("        string[] words = input.Split(' ', StringSplitOptions.RemoveEmptyEntries);");
        w.Line("        for (int i = 0; i < Math.Min(count, words.Length); i++)");
        w.Line("        {");
        for (int p = 0; p < parts; p++)
        {
            w.Line(r.Next(3) switch
            {
                0 => $"            builder.Append(words[i].ToUpperInvariant()).Append('{(char)('a' + p)}');",
                1 => $"            builder.Append($\"{{i}}:{{words[i].Length + {p}}};\");",
                _ => $"            if (words[i].StartsWith(\"{(char)('a' + p)}\", StringComparison.Ordinal)) builder.Append(words[i].Replace(\"{(char)('a' + p)}\", \"_\"));",
            });
        }

        w.Line("        }");
        w.Line("");
        w.Line("        _counter += builder.Length;");
        w.Line($"        return string.Join(\",\", builder.ToString().Split(';').Where(s => s.Length > {r.Next(4)}).Take({5 + r.Next(20)}));");
        w.Line("    }");
    }

    private static void LinqMethod(Writer w, Random r, string name, string cls)
    {
        w.Line($"    public IReadOnlyDictionary<string, decimal> {name}(DateTime since)");
        w.Line("    {");
        w.Line("        var recent = _items");
        w.Line($"            .Where(item => item.When >= since && item.Amount > {r.Next(100)}m)");
        w.Line($"            .OrderBy(item => item.{(r.Next(2) == 0 ? "Name" : "When")})");
        w.Line("            .ToList();");
        w.Line("        var totals = recent");
        w.Line("            .GroupBy(item => item.Category)");
        w.Line("            .ToDictionary(group => group.Key, group => group.Sum(item => item.Amount));");
        for (int k = 0; k < 1 + r.Next(4); k++)
        {
            w.Line($"        if (recent.Any(item => item.Id % {2 + k} == 0))");
            w.Line("        {");
            w.Line($"            totals[\"even{k}\"] = recent.Where(item => item.Id % {2 + k} == 0).Select(item => item.Amount).DefaultIfEmpty().Max();");
            w.Line("        }");
        }

        w.Line($"        _items.Add(new {cls}Item(_counter++, \"generated\", totals.Count, since, \"{(char)('A' + r.Next(26))}\"));");
        w.Line("        return totals;");
        w.Line("    }");
    }

    private static void ArithmeticMethod(Writer w, Random r, string name)
    {
        w.Line($"    public long {name}(int[] values)");
        w.Line("    {");
        w.Line("        long sum = 0;");
        w.Line("        foreach (int value in values)");
        w.Line("        {");
        for (int k = 0; k < 2 + r.Next(5); k++)
        {
            w.Line($"            sum += value % {3 + k} == 0 ? value * {k + 1}L : -value;");
        }

        w.Line("        }");
        w.Line("");
        w.Line($"        return sum ^ {r.Next(1000)} + _counter;");
        w.Line("    }");
    }

    private static void FileIoMethod(Writer w, Random r, string name)
    {
        w.Line($"    public void {name}(string name, string content)");
        w.Line("    {");
        w.Line("        string path = Path.Combine(_root, name);");
        switch (r.Next(6))
        {
            case 0:
                w.Line("        File.WriteAllText(path, content);");
                break;
            case 1:
                w.Line("        using (var stream = new FileStream(path, FileMode.Create, FileAccess.Write))");
                w.Line("        {");
                w.Line("            byte[] bytes = Encoding.UTF8.GetBytes(content);");
                w.Line("            stream.Write(bytes, 0, bytes.Length);");
                w.Line("        }");
                break;
            case 2:
                w.Line("        string temp = path + \".tmp\";");
                w.Line("        File.WriteAllText(temp, content);");
                w.Line("        File.Move(temp, path, overwrite: true);");
                break;
            case 3:
                w.Line("        using var writer = new StreamWriter(path);");
                w.Line("        writer.Write(content);");
                break;
            case 4:
                w.Line("        File.AppendAllText(path, content + Environment.NewLine);");
                break;
            default:
                w.Line("        File.WriteAllBytes(path + \".new\", Encoding.UTF8.GetBytes(content));");
                w.Line("        File.Copy(path + \".new\", path, overwrite: true);");
                break;
        }

        w.Line("        _counter++;");
        w.Line("    }");
    }

    private sealed class Writer
    {
        private readonly StringBuilder _text = new();

        public int Lines { get; private set; }

        public void Line(string line)
        {
            _text.Append(line).Append('\n');
            Lines++;
        }

        public override string ToString() => _text.ToString();
    }
}
