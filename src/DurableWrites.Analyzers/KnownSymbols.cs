using System;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace DurableWrites.Analyzers;

/// <summary>
/// The System.IO (and neighbouring) types the rules look at, resolved once per compilation and shared by every rule.
/// Types a compilation does not reference are null.
/// </summary>
internal sealed class KnownSymbols
{
    private static readonly ConditionalWeakTable<Compilation, KnownSymbols> Cache = new();

    private KnownSymbols(Compilation compilation)
    {
        Compilation = compilation;
        File = Type("System.IO.File")!;
        FileInfo = Type("System.IO.FileInfo");
        Directory = Type("System.IO.Directory");
        DirectoryInfo = Type("System.IO.DirectoryInfo");
        FileStream = Type("System.IO.FileStream");
        FileStreamOptions = Type("System.IO.FileStreamOptions");
        Stream = Type("System.IO.Stream");
        Path = Type("System.IO.Path");
        RandomAccess = Type("System.IO.RandomAccess");
        SafeFileHandle = Type("Microsoft.Win32.SafeHandles.SafeFileHandle");
        StreamWriter = Type("System.IO.StreamWriter");
        StreamReader = Type("System.IO.StreamReader");
        TextWriter = Type("System.IO.TextWriter");
        BinaryWriter = Type("System.IO.BinaryWriter");
        BinaryReader = Type("System.IO.BinaryReader");
        TextReader = Type("System.IO.TextReader");
        XDocument = Type("System.Xml.Linq.XDocument");
        XElement = Type("System.Xml.Linq.XElement");
        XmlDocument = Type("System.Xml.XmlDocument");
        DataSet = Type("System.Data.DataSet");
        DataTable = Type("System.Data.DataTable");
        XmlReader = Type("System.Xml.XmlReader");
        XmlWriter = Type("System.Xml.XmlWriter");
        XmlTextWriter = Type("System.Xml.XmlTextWriter");
        ZipFile = Type("System.IO.Compression.ZipFile");
        IsolatedStorageFile = Type("System.IO.IsolatedStorage.IsolatedStorageFile");
        IsolatedStorageFileStream = Type("System.IO.IsolatedStorage.IsolatedStorageFileStream");
        ApplicationSettingsBase = Type("System.Configuration.ApplicationSettingsBase");
        Configuration = Type("System.Configuration.Configuration");
        Process = Type("System.Diagnostics.Process");
        ProcessStartInfo = Type("System.Diagnostics.ProcessStartInfo");
        LibraryImportAttribute = Type("System.Runtime.InteropServices.LibraryImportAttribute");
        MonoSyscall = Type("Mono.Unix.Native.Syscall");
        TmdsLibC = Type("Tmds.Linux.LibC");
        DurableFile = Type("DurableWrites.DurableFile");
        DurableDirectory = Type("DurableWrites.DurableDirectory");
        DurableFileStream = Type("DurableWrites.DurableFileStream");
        AbstractFile = Type("System.IO.Abstractions.IFile");
        AbstractFileInfo = Type("System.IO.Abstractions.IFileInfo");
        AbstractDirectory = Type("System.IO.Abstractions.IDirectory");
        AbstractDirectoryInfo = Type("System.IO.Abstractions.IDirectoryInfo");
        AbstractFileStreamFactory = Type("System.IO.Abstractions.IFileStreamFactory");
        AbstractPath = Type("System.IO.Abstractions.IPath");
        IsTestProject = ReferencesTestFramework(compilation);
    }

    public Compilation Compilation { get; }

    /// <summary>The compilation references a unit-test framework: a test project, or a library of test helpers.</summary>
    public bool IsTestProject { get; }

    public INamedTypeSymbol File { get; }

    public INamedTypeSymbol? FileInfo { get; }

    public INamedTypeSymbol? Directory { get; }

    public INamedTypeSymbol? DirectoryInfo { get; }

    public INamedTypeSymbol? FileStream { get; }

    public INamedTypeSymbol? FileStreamOptions { get; }

    public INamedTypeSymbol? Stream { get; }

    public INamedTypeSymbol? Path { get; }

    public INamedTypeSymbol? RandomAccess { get; }

    public INamedTypeSymbol? SafeFileHandle { get; }

    public INamedTypeSymbol? StreamWriter { get; }

    public INamedTypeSymbol? StreamReader { get; }

    public INamedTypeSymbol? TextWriter { get; }

    public INamedTypeSymbol? BinaryWriter { get; }

    public INamedTypeSymbol? BinaryReader { get; }

    public INamedTypeSymbol? TextReader { get; }

    public INamedTypeSymbol? XDocument { get; }

    public INamedTypeSymbol? XElement { get; }

    public INamedTypeSymbol? XmlDocument { get; }

    public INamedTypeSymbol? DataSet { get; }

    public INamedTypeSymbol? DataTable { get; }

    public INamedTypeSymbol? XmlReader { get; }

    public INamedTypeSymbol? XmlWriter { get; }

    public INamedTypeSymbol? XmlTextWriter { get; }

    public INamedTypeSymbol? Process { get; }

    public INamedTypeSymbol? ProcessStartInfo { get; }

    public INamedTypeSymbol? LibraryImportAttribute { get; }

    public INamedTypeSymbol? MonoSyscall { get; }

    public INamedTypeSymbol? TmdsLibC { get; }

    public INamedTypeSymbol? ZipFile { get; }

    public INamedTypeSymbol? IsolatedStorageFile { get; }

    public INamedTypeSymbol? IsolatedStorageFileStream { get; }

    /// <summary>The base of a project's <c>Properties.Settings</c>, whose Save writes user.config.</summary>
    public INamedTypeSymbol? ApplicationSettingsBase { get; }

    /// <summary>System.Configuration's Configuration (ConfigurationManager.OpenExeConfiguration(…)), whose Save writes its file.</summary>
    public INamedTypeSymbol? Configuration { get; }

    /// <summary>The runtime the fixes call; null when the project does not reference it.</summary>
    public INamedTypeSymbol? DurableFile { get; }

    public INamedTypeSymbol? DurableDirectory { get; }

    public INamedTypeSymbol? DurableFileStream { get; }

    // System.IO.Abstractions (TestableIO): the parts of IFileSystem that stand for File, FileInfo, Directory,
    // DirectoryInfo, FileStream's constructors and Path. Their real implementation calls System.IO.

    public INamedTypeSymbol? AbstractFile { get; }

    public INamedTypeSymbol? AbstractFileInfo { get; }

    public INamedTypeSymbol? AbstractDirectory { get; }

    public INamedTypeSymbol? AbstractDirectoryInfo { get; }

    public INamedTypeSymbol? AbstractFileStreamFactory { get; }

    public INamedTypeSymbol? AbstractPath { get; }

    /// <summary>For each method of this compilation asked about, the ordinals of the parameters its body flushes to disk (see <see cref="DiskFlush"/>).</summary>
    public ConcurrentDictionary<IMethodSymbol, ulong> FlushedParameters { get; } = new(SymbolEqualityComparer.Default);

    /// <summary>For each method of this compilation asked about, whether its body flushes a directory (see <see cref="DiskFlush"/>).</summary>
    public ConcurrentDictionary<IMethodSymbol, bool> DirectorySyncHelpers { get; } = new(SymbolEqualityComparer.Default);

    /// <summary>For each field or property of this compilation asked about, what its own type assigns it (see <see cref="Analyzers.MemberValues"/>).</summary>
    public ConcurrentDictionary<ISymbol, MemberValues> MemberValues { get; } = new(SymbolEqualityComparer.Default);

    /// <summary>For each stream field of this compilation asked about, whether it may be flushed to disk where its type's text does not show it (see <see cref="FieldStreamFlushes"/>).</summary>
    public ConcurrentDictionary<ISymbol, bool> FieldsFlushedOutOfSight { get; } = new(SymbolEqualityComparer.Default);

    /// <summary>For each writer field of this compilation asked about, the file it writes, or null when it may write anything else (see <see cref="FileWriterMember"/>).</summary>
    public ConcurrentDictionary<ISymbol, FileWriterMember?> FileWriterMembers { get; } = new(SymbolEqualityComparer.Default);

    /// <summary>For each type of this compilation asked about, whether it is a logging framework's sink (see <see cref="LogSinks"/>).</summary>
    public ConcurrentDictionary<INamedTypeSymbol, bool> LogSinkTypes { get; } = new(SymbolEqualityComparer.Default);

    /// <summary>For each type of this compilation asked about, whether it is a test class (see <see cref="TestCode"/>).</summary>
    public ConcurrentDictionary<INamedTypeSymbol, bool> TestTypes { get; } = new(SymbolEqualityComparer.Default);

    /// <summary>The symbols of <paramref name="compilation"/>, or null when it has no System.IO file API to look at.</summary>
    public static KnownSymbols? Get(Compilation compilation)
    {
        KnownSymbols symbols = Cache.GetValue(compilation, static c => new KnownSymbols(c));
        return symbols.File is null ? null : symbols;
    }

    /// <summary>
    /// True when <paramref name="type"/> or a type it is nested in passes <paramref name="test"/>, which is asked once
    /// per type of the compilation: <paramref name="answers"/> keeps what it said.
    /// </summary>
    public static bool IsOrIsNestedIn(INamedTypeSymbol? type, ConcurrentDictionary<INamedTypeSymbol, bool> answers, Func<INamedTypeSymbol, bool> test)
    {
        for (INamedTypeSymbol? current = type; current is not null; current = current.ContainingType)
        {
            if (answers.GetOrAdd(current, test))
            {
                return true;
            }
        }

        return false;
    }

    public static bool Is(ITypeSymbol? type, INamedTypeSymbol? known) =>
        known is not null && SymbolEqualityComparer.Default.Equals(type?.OriginalDefinition, known);

    /// <summary>True when <paramref name="type"/> is <paramref name="baseType"/> or derives from it.</summary>
    public static bool DerivesFrom(ITypeSymbol? type, INamedTypeSymbol? baseType)
    {
        if (baseType is null)
        {
            return false;
        }

        for (ITypeSymbol? current = type; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, baseType))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// True when <paramref name="type"/> is the interface <paramref name="known"/> or implements it (IFile, and the
    /// FileBase or FileWrapper a call may be made through).
    /// </summary>
    public static bool IsOrImplements(ITypeSymbol? type, INamedTypeSymbol? known)
    {
        if (known is null || type is null)
        {
            return false;
        }

        if (Is(type, known))
        {
            return true;
        }

        foreach (INamedTypeSymbol implemented in type.AllInterfaces)
        {
            if (Is(implemented, known))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// System.IO.Path, or System.IO.Abstractions' IPath (<c>fileSystem.Path.Combine(…)</c>) or a class of the library's
    /// that implements it: only those names are walked for interfaces, since every call in a path expression asks.
    /// </summary>
    public bool IsPath(ITypeSymbol? type) =>
        Is(type, Path) || type?.Name is "IPath" or "PathBase" or "PathWrapper" or "MockPath" && IsOrImplements(type, AbstractPath);

    public bool IsRuntimeType(ITypeSymbol? type) =>
        Is(type, DurableFile) || Is(type, DurableDirectory) || Is(type, DurableFileStream);

    private INamedTypeSymbol? Type(string metadataName) => Compilation.GetTypeByMetadataName(metadataName);

    private static bool ReferencesTestFramework(Compilation compilation)
    {
        foreach (AssemblyIdentity assembly in compilation.ReferencedAssemblyNames)
        {
            switch (assembly.Name)
            {
                case "xunit.core" or "xunit.v3.core" or "nunit.framework" or "Microsoft.VisualStudio.TestPlatform.TestFramework"
                    or "MSTest.TestFramework" or "TUnit.Core":
                    return true;
            }
        }

        return false;
    }
}
