using System;
using System.IO;
using DurableWrites.CrashTests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace DurableWrites.CrashTests;

/// <summary>ENOSPC: a filesystem that fills up in the middle of a write. The call fails clearly, the old file stays, no temporary file is left.</summary>
[Collection(SystemTestCollection.Name)]
public sealed class FullFileSystemTests
{
    private readonly ITestOutputHelper _output;

    public FullFileSystemTests(ITestOutputHelper output) => _output = output;

    public static TheoryData<string> FileSystems => new() { "ext4", "xfs", "btrfs" };

    [SkippableTheory]
    [MemberData(nameof(FileSystems))]
    public void A_write_that_fills_the_filesystem_fails_and_keeps_the_old_file(string fileSystemName)
    {
        FileSystemConfig config = Small(fileSystemName);
        LoopFileSystem.Use(config, fileSystem =>
        {
            string directory = Path.Combine(fileSystem.Root, "data");
            Directory.CreateDirectory(directory);
            string target = Path.Combine(directory, "settings.json");
            string log = Path.Combine(directory, "journal.log");
            string copy = Path.Combine(directory, "copy.bin");
            File.WriteAllText(target, "{ \"old\": true }");
            File.WriteAllText(log, "old line\n");
            string outside = Path.Combine(fileSystem.Scratch, "big.bin");
            long tooMuch = fileSystem.FreeBytes + (16 << 20);
            WriteZeros(outside, tooMuch);
            fileSystem.SyncAll();
            DirectorySnapshot before = DirectorySnapshot.Take(directory);
            byte[] big = new byte[tooMuch];

            IOException write = FailureAssert.Throws<IOException>(() => DurableFile.WriteAllBytes(target, big), "WriteAllBytes on a full filesystem");
            DurableWriteStep writeStep = FailureAssert.NamesPathAndStep(write, target, "WriteAllBytes on a full filesystem",
                DurableWriteStep.Write, DurableWriteStep.FlushFile);
            FailureAssert.GivesReason(write, "No space left on device", "WriteAllBytes on a full filesystem");
            Assert.Contains("original file is unchanged", write.Message, StringComparison.Ordinal);
            FailureAssert.Unchanged(before, directory, "the failed WriteAllBytes");

            IOException append = FailureAssert.Throws<IOException>(() => DurableFile.AppendAllBytes(log, big), "AppendAllBytes on a full filesystem");
            DurableWriteStep appendStep = FailureAssert.NamesPathAndStep(append, log, "AppendAllBytes on a full filesystem",
                DurableWriteStep.Write, DurableWriteStep.FlushFile);
            FailureAssert.GivesReason(append, "No space left on device", "AppendAllBytes on a full filesystem");
            FailureAssert.Unchanged(before, directory, "the failed AppendAllBytes");

            IOException copyFailure = FailureAssert.Throws<IOException>(() => DurableFile.Copy(outside, copy), "Copy onto a full filesystem");
            DurableWriteStep copyStep = FailureAssert.NamesPathAndStep(copyFailure, copy, "Copy onto a full filesystem",
                DurableWriteStep.Copy, DurableWriteStep.FlushFile);
            FailureAssert.GivesReason(copyFailure, "No space left on device", "Copy onto a full filesystem");
            FailureAssert.Unchanged(before, directory, "the failed Copy");

            // And so it stays on the disk: remount and look again.
            fileSystem.SyncAll();
            fileSystem.Remount();
            FailureAssert.Unchanged(before, directory, "the failed calls (after a remount)");
            string summary = $"ENOSPC on {config.Name} ({config.SizeMiB} MiB): WriteAllBytes failed while {FailureAssert.StepText[writeStep]}, AppendAllBytes while {FailureAssert.StepText[appendStep]}, Copy while {FailureAssert.StepText[copyStep]}; nothing changed, no temporary file left, also after a remount.";
            _output.WriteLine(summary);
            Harness.DurabilityReport.Shared.Note(summary);
            Harness.DurabilityReport.Shared.WriteFile();
            _output.WriteLine("WriteAllBytes: " + write.Message);
            _output.WriteLine("AppendAllBytes: " + append.Message);
            _output.WriteLine("Copy: " + copyFailure.Message);
        });
    }

    /// <summary>Small images fill quickly: ext4 16 MiB; XFS and btrfs at the smallest their mkfs accepts by default.</summary>
    private static FileSystemConfig Small(string name) => name switch
    {
        "ext4" => FileSystemConfig.Ext4.WithSize(16),
        "xfs" => FileSystemConfig.Xfs.WithSize(300),
        "btrfs" => FileSystemConfig.Btrfs.WithSize(128),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown filesystem"),
    };

    /// <summary>A sparse file: it reads as zeros and takes no room on the machine's own disk.</summary>
    private static void WriteZeros(string path, long length)
    {
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write);
        file.SetLength(length);
    }
}
