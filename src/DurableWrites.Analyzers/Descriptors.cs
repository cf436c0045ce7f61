using Microsoft.CodeAnalysis;

namespace DurableWrites.Analyzers;

/// <summary>Titles, messages and help links of every rule, in one place.</summary>
public static class Descriptors
{
    /// <summary>Every help link points at a section of this document.</summary>
    public const string RulesDocumentUrl = "https://github.com/durablewrites/durablewrites/blob/main/rules.md";

    private const string Category = "Reliability";

    public static readonly DiagnosticDescriptor UnflushedStream = new(
        RuleIds.UnflushedStream,
        title: "File stream closed without a flush to disk",
        messageFormat: "'{0}' is written and {1} without Flush(true): after a crash or power cut the file can be empty or partly written",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Dispose, Close and Flush() hand a file stream's data to the operating system, not to the disk. Flush(true) after the last write, FileOptions.WriteThrough or a DurableFileStream make it durable.",
        helpLinkUri: HelpLink(RuleIds.UnflushedStream, "file-stream-closed-without-a-flush-to-disk"));

    public static readonly DiagnosticDescriptor DirectoryEntryNotDurable = new(
        RuleIds.DirectoryEntryNotDurable,
        title: "Directory entry not made durable",
        messageFormat: "{0} '{1}' changes a directory that nothing in this method flushes to disk: after a crash the change can be lost",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Creating, renaming, copying or replacing a file changes its directory. Until the directory is flushed, a crash can lose the new name even when the file's data was flushed.",
        helpLinkUri: HelpLink(RuleIds.DirectoryEntryNotDurable, "directory-entry-not-made-durable"));

    public static readonly DiagnosticDescriptor GlobalSync = new(
        RuleIds.GlobalSync,
        title: "Global sync",
        messageFormat: "'{0}' flushes every filesystem on the machine{1}",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "sync() and syncfs() wait for every dirty page of every filesystem, can take seconds on a busy machine, and on some systems return before the data is on the disk. Flush the files that matter instead.",
        helpLinkUri: HelpLink(RuleIds.GlobalSync, "global-sync"));

    public static readonly DiagnosticDescriptor OneShotWrite = new(
        RuleIds.OneShotWrite,
        title: "One-shot write that never reaches the disk",
        messageFormat: "'{0}' writes '{1}' without flushing it to disk: after a crash or power cut the file can be empty or partly written",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "File.WriteAllText and its siblings, StreamWriter(path), XmlWriter.Create(path) and Save(path) return once the data is in the operating system's cache. DurableFile's twins write a temporary file, flush it, rename it over the target and flush the directory.",
        helpLinkUri: HelpLink(RuleIds.OneShotWrite, "one-shot-write-that-never-reaches-the-disk"));

    public static readonly DiagnosticDescriptor RenameUnflushed = new(
        RuleIds.RenameUnflushed,
        title: "Renaming a file whose data was not flushed",
        messageFormat: "'{0}' renames '{1}' over '{2}' but the data written to '{1}' was not flushed to disk: after a crash '{2}' can be empty",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Write-a-temporary-file-then-rename only replaces a file atomically if the temporary file's data is on the disk before the rename, and the directory is flushed after it.",
        helpLinkUri: HelpLink(RuleIds.RenameUnflushed, "renaming-a-file-whose-data-was-not-flushed"));

    private static string HelpLink(string id, string titleAnchor) => $"{RulesDocumentUrl}#{id.ToLowerInvariant()}-{titleAnchor}";
}
