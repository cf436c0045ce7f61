namespace DurableWrites.Analyzers;

/// <summary>The rule identifiers. They never change once shipped.</summary>
public static class RuleIds
{
    public const string UnflushedStream = "DUR001";
    public const string DirectoryEntryNotDurable = "DUR002";
    public const string GlobalSync = "DUR003";
    public const string OneShotWrite = "DUR004";
    public const string RenameUnflushed = "DUR005";
}
