using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace DurableWrites.Analyzers;

/// <summary>Recognises the file-system calls the rules care about, by symbol, and reads their modes and options.</summary>
internal sealed class FileOperationClassifier
{
    // System.IO enum values (stable since .NET Framework 1.0).
    private const int FileModeCreateNew = 1;
    private const int FileModeCreate = 2;
    private const int FileModeOpenOrCreate = 4;
    private const int FileModeAppend = 6;
    private const int FileAccessWrite = 2;
    private const int FileAccessReadWrite = 3;
    private const int FileOptionsWriteThrough = unchecked((int)0x80000000);
    private const int FileOptionsDeleteOnClose = 0x04000000;
    private const int FileShareNone = 0;
    private const int ZipArchiveModeCreate = 1;
    private const int ZipArchiveModeUpdate = 2;

    private readonly KnownSymbols _symbols;
    private readonly DurableWritesOptions _options;
    private readonly LocalValues _locals;

    public FileOperationClassifier(KnownSymbols symbols, DurableWritesOptions options, LocalValues locals)
    {
        _symbols = symbols;
        _options = options;
        _locals = locals;
    }

    /// <summary>
    /// A quick test that rules out most operations by names alone: false only when <see cref="Classify"/> returns null
    /// for the operation, whatever the method's locals hold. It compares no symbols and reads no attributes, so a method
    /// body can be skipped for the price of one walk over its operations.
    /// </summary>
    public static bool MayClassify(IOperation operation, DurableWritesOptions options) => operation switch
    {
        IInvocationOperation invocation => MayClassifyInvocation(invocation.TargetMethod, options),
        IObjectCreationOperation creation => creation.Constructor is not null
            && creation.Type is INamedTypeSymbol { Name: "FileStream" or "IsolatedStorageFileStream" or "StreamWriter" or "XmlTextWriter" or "ProcessStartInfo" },
        ISimpleAssignmentOperation assignment => assignment.Target is IPropertyReferenceOperation { Property.Name: "FileName" },
        IInvalidOperation invalid => invalid.Syntax is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax }
            && UnboundCall.Name(invalid) is { } name && MayBeFileMethod(name),
        _ => false,
    };

    /// <summary>File's methods that write a whole file, or append to it, and return.</summary>
    private static bool IsOneShotWriteName(string name) =>
        name is "WriteAllText" or "WriteAllBytes" or "WriteAllLines" or "AppendAllText" or "AppendAllLines" or "AppendAllBytes"
            or "WriteAllTextAsync" or "WriteAllBytesAsync" or "WriteAllLinesAsync" or "AppendAllTextAsync" or "AppendAllLinesAsync"
            or "AppendAllBytesAsync" or "CreateText" or "AppendText";

    private static bool MayClassifyInvocation(IMethodSymbol method, DurableWritesOptions options)
    {
        INamedTypeSymbol? type = method.ContainingType;
        if (type is null)
        {
            return false;
        }

        // File, FileInfo, Directory, DirectoryInfo, the runtime's types, Process.Start, XmlWriter.Create, ZipFile: the containing type's own name
        // (Is compares original definitions, whose names are the same). XDocument/XElement/XmlDocument.Save,
        // DataSet/DataTable.WriteXml/WriteXmlSchema and their subclasses: the method's name. sync and syncfs: Mono's, Tmds', and any libc import, which is a static extern
        // method (DllImport) or a static partial one (LibraryImport) under any name.
        return type.Name is "File" or "FileInfo" or "Directory" or "DirectoryInfo" or "DurableFile" or "DurableDirectory" or "DurableFileStream" or "Process" or "XmlWriter" or "ZipFile"
                or "IsolatedStorageFile"
            || IsAbstractionTypeName(type.Name)
            || method.Name is "Save" or "SaveAs" or "WriteXml" or "WriteXmlSchema" or "sync" or "syncfs"
            || method.IsStatic && (method.IsExtern || method.IsPartialDefinition || method.PartialDefinitionPart is not null)
            || !options.SyncMethods.IsEmpty
            || !options.AdditionalWriteMethods.IsEmpty;
    }

    /// <summary>
    /// System.IO.Abstractions' IFile, IFileInfo, IFileStreamFactory, IDirectory, IDirectoryInfo, and the classes a call
    /// may be made through (FileBase, FileWrapper, MockFile, …).
    /// </summary>
    private static bool IsAbstractionTypeName(string name) =>
        name is "IFile" or "FileBase" or "FileWrapper" or "MockFile"
            or "IFileInfo" or "FileInfoBase" or "FileInfoWrapper" or "MockFileInfo"
            or "IFileStreamFactory" or "FileStreamFactory" or "MockFileStreamFactory"
            or "IDirectory" or "DirectoryBase" or "DirectoryWrapper" or "MockDirectory"
            or "IDirectoryInfo" or "DirectoryInfoBase" or "DirectoryInfoWrapper" or "MockDirectoryInfo";

    public FileOperation? Classify(IOperation operation)
    {
        FileOperation? classified = operation switch
        {
            IInvocationOperation invocation => ClassifyInvocation(invocation),
            IObjectCreationOperation creation => ClassifyCreation(creation),
            ISimpleAssignmentOperation assignment => ClassifyAssignment(assignment),
            IInvalidOperation invalid => ClassifyUnboundFileCall(invalid),
            _ => null,
        };

        // A scratch file opened with FileOptions.DeleteOnClose is gone when it is closed, and a lock file holds nothing
        // anyone needs after a crash: nothing in either is meant to last.
        return classified is { DeletedOnClose: true } or { HeldAsLock: true } ? null : classified;
    }

    /// <summary>
    /// <c>File.WriteAllText(path, JsonConvert.SerializeObject(settings))</c>, <c>File.Create(Application.persistentDataPath + "/save.dat")</c>
    /// where the compiler cannot tell an argument's type (a package that is not restored, code being typed, a file
    /// compiled on its own): the call has no bound method, but its only candidates are File's methods of one name, so
    /// it does what they do, to the file its path names, with its arguments read by position and name (see
    /// <see cref="UnboundCall.Argument"/>). A path of a type the compiler does not know either is a string in any build that
    /// compiles; one of another known type is no path. No fix is offered for a call that does not bind.
    /// </summary>
    private FileOperation? ClassifyUnboundFileCall(IInvalidOperation invalid)
    {
        if (invalid.Syntax is not InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax }
            || UnboundCall.Name(invalid) is not { } name || !MayBeFileMethod(name)
            || UnboundCall.Candidates(invalid) is not { IsEmpty: false } candidates
            || !candidates.All(c => c.Name == name && KnownSymbols.Is(c.ContainingType, _symbols.File)))
        {
            return null;
        }

        FileOperation? operation = ClassifyFileMethod(invalid, name, "File");
        return operation?.Path is not { } path || path.Type is { } pathType && pathType.TypeKind != TypeKind.Error && pathType.SpecialType != SpecialType.System_String
            ? null
            : operation;
    }

    /// <summary>The names <see cref="ClassifyFileMethod"/> knows: a cheap test before the semantic model is asked.</summary>
    private static bool MayBeFileMethod(string name) =>
        IsOneShotWriteName(name) || name is "Create" or "Open" or "OpenWrite" or "OpenHandle" or "Copy" or "Move" or "Replace" or "Delete";

    private FileOperation? ClassifyInvocation(IInvocationOperation invocation)
    {
        IMethodSymbol method = invocation.TargetMethod;
        INamedTypeSymbol? type = method.ContainingType;
        string name = method.Name;
        if (type is null)
        {
            return null;
        }

        if (KnownSymbols.Is(type, _symbols.File))
        {
            return ClassifyFileMethod(invocation, name, "File");
        }

        if (KnownSymbols.Is(type, _symbols.FileInfo))
        {
            return ClassifyFileInfoMethod(invocation, name, "FileInfo");
        }

        if (KnownSymbols.Is(type, _symbols.Directory))
        {
            return ClassifyDirectoryMethod(invocation, name, "Directory");
        }

        if (KnownSymbols.Is(type, _symbols.DirectoryInfo))
        {
            return ClassifyDirectoryInfoMethod(invocation, name, "DirectoryInfo");
        }

        if (IsAbstractionTypeName(type.Name) && ClassifyAbstractionMethod(invocation, type, name) is { } throughAbstraction)
        {
            throughAbstraction.ThroughAbstraction = true;
            return throughAbstraction;
        }

        if (_symbols.IsRuntimeType(type))
        {
            IOperation? target = name switch
            {
                "Move" or "Copy" => Argument(invocation, "destFileName") ?? Argument(invocation, "destDirName"),
                "Replace" => Argument(invocation, "destinationFileName"),
                _ => FirstStringArgument(invocation),
            };
            // The source of a durable move, copy or replace, or the file a sync flushes, is on the disk afterwards.
            IOperation? source = name is "Move" or "Copy" or "Replace"
                ? Argument(invocation, "sourceFileName") ?? Argument(invocation, "sourceDirName")
                : name == "Sync" ? Argument(invocation, "path") : null;
            return new FileOperation(FileOperationKind.Durable, invocation, type.Name + "." + name, target) { Source = source };
        }

        if (KnownSymbols.Is(type, _symbols.IsolatedStorageFile))
        {
            // CreateFile(path) is OpenFile(path, FileMode.Create, FileAccess.ReadWrite, FileShare.None).
            FileOperation? isolated = name switch
            {
                "OpenFile" => OpenWithMode(invocation, "IsolatedStorageFile.OpenFile", Argument(invocation, "path")),
                "CreateFile" => Stream(invocation, "IsolatedStorageFile.CreateFile", Argument(invocation, "path"), FileModeCreate, FileAccessReadWrite, fileOptions: 0),
                _ => null,
            };
            if (isolated is not null)
            {
                isolated.InIsolatedStorage = true;
            }

            return isolated;
        }

        if (name == "Create" && KnownSymbols.Is(type, _symbols.XmlWriter) && Argument(invocation, "outputFileName") is { } output)
        {
            return new FileOperation(FileOperationKind.OneShotWrite, invocation, "XmlWriter.Create", output);
        }

        if (KnownSymbols.Is(type, _symbols.ZipFile))
        {
            return ClassifyZipFileMethod(invocation, name);
        }

        if (name is "Save" or "SaveAs" && ClassifySettingsSave(invocation, type, name) is { } settingsSave)
        {
            return settingsSave;
        }

        if (IsSaveToPath(invocation, type))
        {
            return new FileOperation(FileOperationKind.OneShotWrite, invocation, type.Name + "." + name, invocation.Arguments[0].Value);
        }

        if (IsGlobalSync(invocation, method, out ShellSync? throughShell))
        {
            return new FileOperation(FileOperationKind.GlobalSync, invocation, GlobalSyncName(invocation, method, throughShell), path: null)
            {
                RunsOtherCommands = throughShell == ShellSync.AmongOtherCommands,
            };
        }

        if (NativeImport.Rename(method, _symbols) is { } rename && !IsForwarder(invocation))
        {
            return new FileOperation(rename.IsReplace ? FileOperationKind.Replace : FileOperationKind.Move, invocation, type.Name + "." + name, ArgumentAt(invocation, rename.Destination))
            {
                Source = ArgumentAt(invocation, rename.Source),
                IsNativeRename = true,
                WriteThrough = WritesThrough(invocation, rename),
            };
        }

        if (!_options.SyncMethods.IsEmpty && Matches(_options.SyncMethods, method))
        {
            return new FileOperation(FileOperationKind.Durable, invocation, type.Name + "." + name, FirstStringArgument(invocation));
        }

        if (!_options.AdditionalWriteMethods.IsEmpty && Matches(_options.AdditionalWriteMethods, method))
        {
            IOperation? path = FirstStringArgument(invocation);
            return path is null ? null : new FileOperation(FileOperationKind.OneShotWrite, invocation, type.Name + "." + name, path) { NoRuntimeTwin = true };
        }

        return null;
    }

    private FileOperation? ClassifyFileMethod(IOperation invocation, string name, string typeName)
    {
        IOperation? path = Argument(invocation, "path");
        switch (name)
        {
            case "Create":
                return Stream(invocation, typeName + ".Create", path, FileModeCreate, FileAccessWrite, OptionValue(Argument(invocation, "options")));
            case "Open":
                return OpenWithMode(invocation, typeName + ".Open", path);
            case "OpenWrite":
                return Stream(invocation, typeName + ".OpenWrite", path, FileModeOpenOrCreate, FileAccessWrite, fileOptions: 0);
            case "OpenHandle":
                {
                    int? mode = Constant(Argument(invocation, "mode"));
                    int? access = Constant(Argument(invocation, "access"));
                    FileOperation open = Stream(invocation, typeName + ".OpenHandle", path, mode, access, OptionValue(Argument(invocation, "options")));
                    open.IsHandle = true;
                    return open;
                }

            case var _ when IsOneShotWriteName(name):
                return new FileOperation(FileOperationKind.OneShotWrite, invocation, typeName + "." + name, path);
            case "Copy":
                return Rename(FileOperationKind.Copy, invocation, typeName + ".Copy", "sourceFileName", "destFileName");
            case "Move":
                return Rename(FileOperationKind.Move, invocation, typeName + ".Move", "sourceFileName", "destFileName");
            case "Replace":
                return Rename(FileOperationKind.Replace, invocation, typeName + ".Replace", "sourceFileName", "destinationFileName");
            case "Delete":
                return new FileOperation(FileOperationKind.Delete, invocation, typeName + ".Delete", path);
            default:
                return null;
        }
    }

    /// <summary>
    /// ZipFile.CreateFromDirectory(source, archivePath, …), and ZipFile.Open(archivePath, Create or Update), whose archive
    /// writes the file when it is disposed: both write a whole file through the page cache.
    /// </summary>
    private FileOperation? ClassifyZipFileMethod(IInvocationOperation invocation, string name)
    {
        if (name == "CreateFromDirectory" && Argument(invocation, "destinationArchiveFileName") is { } archive)
        {
            return new FileOperation(FileOperationKind.OneShotWrite, invocation, "ZipFile.CreateFromDirectory", archive);
        }

        return name == "Open" && Constant(Argument(invocation, "mode")) is ZipArchiveModeCreate or ZipArchiveModeUpdate
            && Argument(invocation, "archiveFileName") is { } path
            ? new FileOperation(FileOperationKind.OneShotWrite, invocation, "ZipFile.Open", path)
            : null;
    }

    private FileOperation? ClassifyFileInfoMethod(IInvocationOperation invocation, string name, string typeName)
    {
        IOperation? file = invocation.Instance;
        switch (name)
        {
            case "Create":
                return Stream(invocation, typeName + ".Create", file, FileModeCreate, FileAccessWrite, fileOptions: 0);
            case "Open":
                return OpenWithMode(invocation, typeName + ".Open", file);
            case "OpenWrite":
                return Stream(invocation, typeName + ".OpenWrite", file, FileModeOpenOrCreate, FileAccessWrite, fileOptions: 0);
            case "CreateText" or "AppendText":
                return new FileOperation(FileOperationKind.OneShotWrite, invocation, typeName + "." + name, file);
            case "CopyTo":
                return new FileOperation(FileOperationKind.Copy, invocation, typeName + ".CopyTo", Argument(invocation, "destFileName")) { Source = file };
            case "MoveTo":
                return new FileOperation(FileOperationKind.Move, invocation, typeName + ".MoveTo", Argument(invocation, "destFileName")) { Source = file };
            case "Replace":
                return new FileOperation(FileOperationKind.Replace, invocation, typeName + ".Replace", Argument(invocation, "destinationFileName")) { Source = file };
            case "Delete":
                return new FileOperation(FileOperationKind.Delete, invocation, typeName + ".Delete", file);
            default:
                return null;
        }
    }

    private static FileOperation? ClassifyDirectoryMethod(IInvocationOperation invocation, string name, string typeName) => name switch
    {
        "Move" => Rename(FileOperationKind.DirectoryMove, invocation, typeName + ".Move", "sourceDirName", "destDirName"),
        "Delete" => new FileOperation(FileOperationKind.DirectoryDelete, invocation, typeName + ".Delete", Argument(invocation, "path")),
        "CreateDirectory" => new FileOperation(FileOperationKind.CreateDirectory, invocation, typeName + ".CreateDirectory", Argument(invocation, "path")),
        _ => null,
    };

    private static FileOperation? ClassifyDirectoryInfoMethod(IInvocationOperation invocation, string name, string typeName) => name switch
    {
        "Create" => new FileOperation(FileOperationKind.CreateDirectory, invocation, typeName + ".Create", invocation.Instance),
        "CreateSubdirectory" => new FileOperation(FileOperationKind.CreateDirectory, invocation, typeName + ".CreateSubdirectory", Argument(invocation, "path")),
        "MoveTo" => new FileOperation(FileOperationKind.DirectoryMove, invocation, typeName + ".MoveTo", Argument(invocation, "destDirName")) { Source = invocation.Instance },
        "Delete" => new FileOperation(FileOperationKind.DirectoryDelete, invocation, typeName + ".Delete", invocation.Instance),
        _ => null,
    };

    /// <summary>
    /// The same calls made through System.IO.Abstractions' IFileSystem (<c>fileSystem.File.WriteAllText(…)</c>,
    /// <c>fileSystem.FileStream.New(path, FileMode.Create)</c>): its real implementation hands them to System.IO, so
    /// they lose data the same way.
    /// </summary>
    private FileOperation? ClassifyAbstractionMethod(IInvocationOperation invocation, INamedTypeSymbol type, string name)
    {
        if (_symbols.AbstractFile is null)
        {
            return null;
        }

        if (KnownSymbols.IsOrImplements(type, _symbols.AbstractFile))
        {
            return ClassifyFileMethod(invocation, name, "IFile");
        }

        if (KnownSymbols.IsOrImplements(type, _symbols.AbstractFileInfo))
        {
            return ClassifyFileInfoMethod(invocation, name, "IFileInfo");
        }

        if (KnownSymbols.IsOrImplements(type, _symbols.AbstractFileStreamFactory))
        {
            // New(path, mode, …) and Create(path, mode, …) of older versions; not New(handle, …) or Wrap(stream).
            IMethodSymbol method = invocation.TargetMethod;
            bool pathFirst = method.Parameters.Length > 1 && method.Parameters[0].Type.SpecialType == SpecialType.System_String;
            return name is "New" or "Create" && pathFirst ? OpenWithMode(invocation, "IFileStreamFactory." + name, Argument(invocation, "path")) : null;
        }

        if (KnownSymbols.IsOrImplements(type, _symbols.AbstractDirectory))
        {
            return ClassifyDirectoryMethod(invocation, name, "IDirectory");
        }

        return KnownSymbols.IsOrImplements(type, _symbols.AbstractDirectoryInfo) ? ClassifyDirectoryInfoMethod(invocation, name, "IDirectoryInfo") : null;
    }

    /// <summary>
    /// <c>Properties.Settings.Default.Save()</c> (ApplicationSettingsBase) and System.Configuration's
    /// <c>Configuration.Save(…)</c>/<c>SaveAs(path, …)</c>: they write a temporary file and rename it over the config
    /// file without flushing it, which is how a user.config comes back empty after a power cut. Nothing names the
    /// file a settings save writes, so it has no runtime twin.
    /// </summary>
    private FileOperation? ClassifySettingsSave(IInvocationOperation invocation, INamedTypeSymbol type, string name)
    {
        if (name == "Save" && invocation.Arguments.IsEmpty && KnownSymbols.DerivesFrom(type, _symbols.ApplicationSettingsBase))
        {
            ITypeSymbol settings = invocation.Instance?.Type ?? type;
            return new FileOperation(FileOperationKind.OneShotWrite, invocation, settings.Name + ".Save", path: null)
            {
                NoRuntimeTwin = true,
                PathDisplay = HasOwnSettingsProvider(settings) ? "the store of its settings provider" : "user.config",
            };
        }

        if (!KnownSymbols.Is(type, _symbols.Configuration))
        {
            return null;
        }

        return name == "SaveAs"
            ? new FileOperation(FileOperationKind.OneShotWrite, invocation, "Configuration.SaveAs", Argument(invocation, "filename")) { NoRuntimeTwin = true }
            : new FileOperation(FileOperationKind.OneShotWrite, invocation, "Configuration.Save", path: null)
            {
                NoRuntimeTwin = true,
                // config.FilePath when the configuration has a short name to show.
                PathDisplay = invocation.Instance is { } configuration
                    && Unwrap(configuration) is ILocalReferenceOperation or IParameterReferenceOperation or IFieldReferenceOperation or IPropertyReferenceOperation
                    ? PathFacts.Display(configuration) + ".FilePath"
                    : "the configuration file",
            };
    }

    /// <summary>
    /// Settings with a [SettingsProvider] of their own (a portable or registry provider), on the class or on a
    /// property: they are not saved to user.config.
    /// </summary>
    private static bool HasOwnSettingsProvider(ITypeSymbol settings)
    {
        static bool NamesAProvider(ISymbol symbol) =>
            symbol.GetAttributes().Any(attribute => attribute.AttributeClass?.Name == "SettingsProviderAttribute");

        return NamesAProvider(settings) || settings.GetMembers().Any(member => member is IPropertySymbol && NamesAProvider(member));
    }

    private FileOperation? ClassifyCreation(IObjectCreationOperation creation)
    {
        INamedTypeSymbol? type = creation.Type as INamedTypeSymbol;
        IMethodSymbol? constructor = creation.Constructor;
        if (type is null || constructor is null)
        {
            return null;
        }

        bool pathFirst = constructor.Parameters.Length > 0 && constructor.Parameters[0].Type.SpecialType == SpecialType.System_String;
        if (KnownSymbols.Is(type, _symbols.FileStream) && pathFirst)
        {
            return OpenWithMode(creation, "FileStream", Argument(creation, "path"));
        }

        if (KnownSymbols.Is(type, _symbols.IsolatedStorageFileStream) && pathFirst)
        {
            FileOperation isolated = OpenWithMode(creation, "IsolatedStorageFileStream", Argument(creation, "path"));
            isolated.InIsolatedStorage = true;
            return isolated;
        }

        if (KnownSymbols.Is(type, _symbols.StreamWriter) && pathFirst)
        {
            return new FileOperation(FileOperationKind.OneShotWrite, creation, "StreamWriter", Argument(creation, "path"));
        }

        if (KnownSymbols.Is(type, _symbols.XmlTextWriter) && pathFirst)
        {
            return new FileOperation(FileOperationKind.OneShotWrite, creation, "XmlTextWriter", Argument(creation, "filename"));
        }

        if (KnownSymbols.Is(type, _symbols.ProcessStartInfo) && StartsSync(creation) is { } started)
        {
            return new FileOperation(FileOperationKind.GlobalSync, creation, "ProcessStartInfo(\"sync\")", path: null)
            {
                IsIndirectProcess = true,
                RunsOtherCommands = started == ShellSync.AmongOtherCommands,
            };
        }

        return null;
    }

    private FileOperation? ClassifyAssignment(ISimpleAssignmentOperation assignment)
    {
        // psi.FileName = "sync" (object initializers are reported on the creation).
        if (assignment.Target is IPropertyReferenceOperation { Instance: not IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ImplicitReceiver } }
            && SetsSyncFileName(assignment))
        {
            return new FileOperation(FileOperationKind.GlobalSync, assignment, "ProcessStartInfo.FileName = \"sync\"", path: null) { IsIndirectProcess = true };
        }

        return null;
    }

    /// <summary>
    /// Whether a new ProcessStartInfo runs sync: by its constructor's file name and arguments, or else by the FileName
    /// and Arguments its initializer sets.
    /// </summary>
    private static ShellSync? StartsSync(IObjectCreationOperation creation)
    {
        if (StartsSync(creation.Arguments.FirstOrDefault()?.Value, Argument(creation, "arguments")) is { } byConstructor)
        {
            return byConstructor;
        }

        IOperation? fileName = null, arguments = null;
        foreach (IOperation member in creation.Initializer?.Initializers ?? ImmutableArray<IOperation>.Empty)
        {
            if (member is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "FileName" } } setFileName)
            {
                fileName = setFileName.Value;
            }
            else if (member is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "Arguments" } } setArguments)
            {
                arguments = setArguments.Value;
            }
        }

        return StartsSync(fileName, arguments);
    }

    /// <summary>A program and its arguments that run sync: sync itself, or sync through a shell or sudo.</summary>
    private static ShellSync? StartsSync(IOperation? fileName, IOperation? arguments) =>
        IsSyncCommand(fileName) ? (SyncsOnlyNamedFiles(arguments) ? null : ShellSync.Only) : ShellRunsSync(fileName, arguments);

    /// <summary>
    /// <c>sync FILE…</c> (coreutils) flushes only the files it is given, as fsync does: a targeted flush, not a global
    /// one. True when the arguments name a file and no <c>-f</c>/<c>--file-system</c>, which flushes their whole file
    /// systems (syncfs). An argument only known at run time is taken for a file, unless its constant parts hold <c>-f</c>.
    /// </summary>
    private static bool SyncsOnlyNamedFiles(IOperation? arguments)
    {
        IOperation? value = WithoutConversions(arguments);
        if (value is null)
        {
            return false;
        }

        // One string, or the strings of an array, list or collection expression (its outermost string parts).
        IEnumerable<IOperation> parts = value.Type?.SpecialType == SpecialType.System_String
            ? new[] { value }
            : value.Descendants().Where(part => part.Type?.SpecialType == SpecialType.System_String && part.Parent?.Type?.SpecialType != SpecialType.System_String);
        bool namesAFile = false;
        foreach (IOperation part in parts)
        {
            IOperation element = WithoutConversions(part)!;
            if (element.ConstantValue is { HasValue: true, Value: string text })
            {
                foreach (string token in text.Split(Blanks, StringSplitOptions.RemoveEmptyEntries))
                {
                    if (IsFileSystemOption(token))
                    {
                        return false;
                    }

                    namesAFile |= !token.StartsWith("-", StringComparison.Ordinal);
                }
            }
            else if (element is IInterpolatedStringOperation interpolated)
            {
                foreach (IOperation content in interpolated.Parts)
                {
                    if (content is IInterpolatedStringTextOperation { Text.ConstantValue.Value: string constant }
                        && constant.Split(Blanks, StringSplitOptions.RemoveEmptyEntries).Any(IsFileSystemOption))
                    {
                        return false;
                    }
                }

                namesAFile = true;
            }
            else if (element.ConstantValue.HasValue is false && element.Type?.SpecialType == SpecialType.System_String)
            {
                namesAFile = true;
            }
        }

        return namesAFile;

        static bool IsFileSystemOption(string token) => token is "-f" or "--file-system" || token.StartsWith("-", StringComparison.Ordinal) && !token.StartsWith("--", StringComparison.Ordinal) && token.IndexOf('f') > 0;
    }

    private bool SetsSyncFileName(ISimpleAssignmentOperation assignment) =>
        assignment.Target is IPropertyReferenceOperation { Property.Name: "FileName" } property
        && KnownSymbols.Is(property.Property.ContainingType, _symbols.ProcessStartInfo)
        && IsSyncCommand(assignment.Value);

    /// <summary>File.Open, FileInfo.Open and new FileStream(path, …): mode, access and options come from the arguments.</summary>
    private FileOperation OpenWithMode(IOperation call, string apiName, IOperation? path)
    {
        IOperation? streamOptions = Argument(call, "options");
        if (streamOptions is not null && KnownSymbols.Is(streamOptions.Type, _symbols.FileStreamOptions))
        {
            return FromFileStreamOptions(call, apiName, path, streamOptions);
        }

        int? mode = Constant(Argument(call, "mode"));
        IOperation? accessArgument = Argument(call, "access");
        int? access = accessArgument is null
            ? (mode == FileModeAppend ? FileAccessWrite : FileAccessReadWrite)
            : Constant(accessArgument);
        IOperation? options = streamOptions ?? Argument(call, "useAsync");
        return Stream(call, apiName, path, mode, access, OptionValue(options), Constant(Argument(call, "share")));
    }

    private FileOperation FromFileStreamOptions(IOperation call, string apiName, IOperation? path, IOperation options)
    {
        // FileStreamOptions defaults: Mode = Open, Access = Read, Options = None.
        IOperation value = _locals.SingleValue(Unwrap(options)) ?? Unwrap(options);
        if (value is IObjectCreationOperation { Initializer: { } initializer })
        {
            int? mode = 3;
            int? access = 1;
            int? fileOptions = 0;
            int? share = null;
            foreach (IOperation member in initializer.Initializers)
            {
                if (member is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation property } assignment)
                {
                    switch (property.Property.Name)
                    {
                        case "Mode":
                            mode = Constant(assignment.Value);
                            break;
                        case "Access":
                            access = Constant(assignment.Value);
                            break;
                        case "Options":
                            fileOptions = Constant(assignment.Value);
                            break;
                        case "Share":
                            share = Constant(assignment.Value);
                            break;
                    }
                }
            }

            return Stream(call, apiName, path, mode, access, fileOptions, share);
        }

        // Options built elsewhere: assume the worst for writing, the least for creating.
        return Stream(call, apiName, path, mode: null, access: null, fileOptions: 0);
    }

    /// <summary>The FileOptions an argument gives, when constant: none when absent or a useAsync flag.</summary>
    private static int? OptionValue(IOperation? options) =>
        options is not null && options.Type?.SpecialType != SpecialType.System_Boolean ? Constant(options) : 0;

    /// <summary>A stream's open; <paramref name="share"/> is the FileShare given explicitly, if any.</summary>
    private static FileOperation Stream(IOperation call, string apiName, IOperation? path, int? mode, int? access, int? fileOptions, int? share = null) =>
        new(FileOperationKind.OpenStream, call, apiName, path)
        {
            // Unknown access: it may write. Unknown mode: it may create, but does not always.
            Writable = access is not int a || (a & FileAccessWrite) != 0,
            MayCreateEntry = mode is not int m || m is FileModeCreate or FileModeCreateNew or FileModeOpenOrCreate or FileModeAppend,
            AlwaysCreatesEntry = mode is FileModeCreate or FileModeCreateNew,
            WriteThrough = fileOptions is int o && (o & FileOptionsWriteThrough) != 0,
            DeletedOnClose = fileOptions is int d && (d & FileOptionsDeleteOnClose) != 0,
            HeldAsLock = share == FileShareNone && LockFileNames.NameALock(call, path),
        };

    private static FileOperation Rename(FileOperationKind kind, IOperation invocation, string apiName, string source, string destination) =>
        new(kind, invocation, apiName, Argument(invocation, destination)) { Source = Argument(invocation, source) };

    /// <summary>
    /// A document or data set saved to a path: XDocument/XElement/XmlDocument.Save(path, …) and
    /// DataSet/DataTable.WriteXml(path, …)/WriteXmlSchema(path, …), which truncate the file and write it in place.
    /// </summary>
    private bool IsSaveToPath(IInvocationOperation invocation, INamedTypeSymbol type) =>
        invocation.Arguments.Length > 0
        && invocation.TargetMethod.Parameters[0].Type.SpecialType == SpecialType.System_String
        && invocation.TargetMethod.Name switch
        {
            "Save" => KnownSymbols.DerivesFrom(type, _symbols.XDocument) || KnownSymbols.DerivesFrom(type, _symbols.XElement) || KnownSymbols.DerivesFrom(type, _symbols.XmlDocument),
            "WriteXml" or "WriteXmlSchema" => KnownSymbols.DerivesFrom(type, _symbols.DataSet) || KnownSymbols.DerivesFrom(type, _symbols.DataTable),
            _ => false,
        };

    /// <summary>Whether the call flushes every filesystem; <paramref name="throughShell"/> is set when Process.Start runs sync through a shell or sudo.</summary>
    private bool IsGlobalSync(IInvocationOperation invocation, IMethodSymbol method, out ShellSync? throughShell)
    {
        throughShell = null;
        if (method.Name is "sync" or "syncfs" && (KnownSymbols.Is(method.ContainingType, _symbols.MonoSyscall) || KnownSymbols.Is(method.ContainingType, _symbols.TmdsLibC)))
        {
            return true;
        }

        if (KnownSymbols.Is(method.ContainingType, _symbols.Process) && method.Name == "Start" && method.IsStatic
            && method.Parameters.Length > 0 && method.Parameters[0].Type.SpecialType == SpecialType.System_String)
        {
            if (IsSyncCommand(invocation.Arguments[0].Value))
            {
                return !SyncsOnlyNamedFiles(Argument(invocation, "arguments"));
            }

            throughShell = ShellRunsSync(invocation.Arguments[0].Value, Argument(invocation, "arguments"));
            return throughShell is not null;
        }

        return NativeImport.LibcEntryPoint(method, _symbols) is "sync" or "syncfs";
    }

    private string GlobalSyncName(IInvocationOperation invocation, IMethodSymbol method, ShellSync? throughShell)
    {
        if (!KnownSymbols.Is(method.ContainingType, _symbols.Process))
        {
            return method.ContainingType.Name + "." + method.Name;
        }

        string fileName = "\"" + invocation.Arguments[0].Value.ConstantValue.Value + "\"";
        return throughShell is not null
            ? "Process.Start(" + fileName + ", \"" + Argument(invocation, "arguments")!.ConstantValue.Value + "\")"
            : "Process.Start(" + fileName + ")";
    }

    /// <summary>Writing 3 (or 1) here drops the clean page cache: a global sync before it is how dirty pages become droppable, not a durability flush.</summary>
    internal const string DropCaches = "/proc/sys/vm/drop_caches";

    public static bool IsSyncCommand(IOperation? value) =>
        value?.ConstantValue is { HasValue: true, Value: string command } && IsSyncProgram(command.Trim());

    private static bool IsSyncProgram(string word) => word is "sync" or "/bin/sync" or "/usr/bin/sync";

    internal enum ShellSync
    {
        /// <summary>The command line runs sync and nothing else.</summary>
        Only,

        /// <summary>It runs sync among other commands, which a fix must not drop.</summary>
        AmongOtherCommands,
    }

    /// <summary>
    /// Whether a program and its argument string, both constants, run sync through a shell or sudo:
    /// <c>("sh", "-c sync")</c>, <c>("/bin/bash", "-c \"cp a b &amp;&amp; sync\"")</c>, <c>("sudo", "sync")</c>. Null when not.
    /// </summary>
    internal static ShellSync? ShellRunsSync(IOperation? fileName, IOperation? arguments)
    {
        if (fileName?.ConstantValue is not { HasValue: true, Value: string program }
            || arguments?.ConstantValue is not { HasValue: true, Value: string line })
        {
            return null;
        }

        return ShellRunsSync(program.Trim(), line.Trim());
    }

    private static readonly char[] Blanks = { ' ', '\t' };

    private static readonly string[] CommandSeparators = { ";", "&&", "||", "|", "&", "\n" };

    private static ShellSync? ShellRunsSync(string program, string line)
    {
        if (line.IndexOf(DropCaches, StringComparison.Ordinal) >= 0)
        {
            // "sync; echo 3 > /proc/sys/vm/drop_caches": the sync cleans the page cache so that it can be dropped.
            return null;
        }

        string name = program.Substring(program.LastIndexOf('/') + 1);
        if (name == "sudo")
        {
            int space = line.IndexOfAny(Blanks);
            string first = space < 0 ? line : line.Substring(0, space);
            string rest = space < 0 ? string.Empty : line.Substring(space + 1).Trim();
            return IsSyncProgram(first) ? (rest.Length == 0 ? ShellSync.Only : null) : first.StartsWith("-", StringComparison.Ordinal) ? null : ShellRunsSync(first, rest);
        }

        if (name is not ("sh" or "bash" or "dash" or "zsh" or "ash" or "ksh") || !line.StartsWith("-", StringComparison.Ordinal))
        {
            return null;
        }

        // "-c script", "-lc script", "-e -c script": the script follows the option cluster that holds c.
        int scriptStart = -1;
        int position = 0;
        while (position < line.Length && line[position] == '-')
        {
            int end = line.IndexOfAny(Blanks, position);
            string option = end < 0 ? line.Substring(position) : line.Substring(position, end - position);
            position = end < 0 ? line.Length : end + 1;
            while (position < line.Length && char.IsWhiteSpace(line[position]))
            {
                position++;
            }

            if (!option.StartsWith("--", StringComparison.Ordinal) && option.IndexOf('c') > 0)
            {
                scriptStart = position;
                break;
            }
        }

        if (scriptStart < 0 || scriptStart >= line.Length)
        {
            return null;
        }

        string script = line.Substring(scriptStart).Trim();
        if (script.Length >= 2 && (script[0] == '"' || script[0] == '\'') && script[script.Length - 1] == script[0])
        {
            script = script.Substring(1, script.Length - 2);
        }

        bool runsSync = false, runsOthers = false;
        foreach (string command in script.Split(CommandSeparators, StringSplitOptions.RemoveEmptyEntries))
        {
            string[] words = command.Trim().Split(Blanks, StringSplitOptions.RemoveEmptyEntries);
            if (words.Length == 0)
            {
                continue;
            }

            int first = words[0] == "sudo" && words.Length > 1 ? 1 : 0;
            if (IsSyncProgram(words[first]) && words.Length == first + 1)
            {
                runsSync = true;
            }
            else
            {
                runsOthers = true;
            }
        }

        return !runsSync ? null : runsOthers ? ShellSync.AmongOtherCommands : ShellSync.Only;
    }

    private static bool Matches(System.Collections.Immutable.ImmutableArray<string> patterns, IMethodSymbol method)
    {
        string qualified = method.ContainingType.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat) + "." + method.Name;
        return DurableWritesOptions.MatchesQualifiedName(patterns, method.Name, qualified);
    }

    /// <summary>
    /// <c>static int Rename(byte[] from, byte[] to) =&gt; Native.Rename(from, to);</c>: a binding's wrapper that hands its
    /// parameters on unchanged (constants beside them, as MoveFileEx's flags). The rename is its callers', which the analysis of one method cannot see.
    /// </summary>
    private static bool IsForwarder(IInvocationOperation invocation)
    {
        IOperation? parent = invocation.Parent;
        while (parent is IConversionOperation)
        {
            parent = parent.Parent;
        }

        if (parent is not (IReturnOperation or IExpressionStatementOperation)
            || parent.Parent is not IBlockOperation { Operations.Length: 1 } body
            || body.Parent is not (null or IMethodBodyOperation or ILocalFunctionOperation))
        {
            return false;
        }

        foreach (IArgumentOperation argument in invocation.Arguments)
        {
            if (argument.Value is not IParameterReferenceOperation && !argument.Value.ConstantValue.HasValue)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>MoveFileEx with MOVEFILE_WRITE_THROUGH commits the rename before it returns; flags not known here are taken as doing so.</summary>
    private static bool WritesThrough(IInvocationOperation invocation, NativeRename rename)
    {
        if (rename.Flags < 0)
        {
            return false;
        }

        return ArgumentAt(invocation, rename.Flags)?.ConstantValue is not { HasValue: true, Value: { } flags }
            || (System.Convert.ToInt64(flags, System.Globalization.CultureInfo.InvariantCulture) & NativeRename.MoveFileWriteThrough) != 0;
    }

    /// <summary>The argument given for the parameter at <paramref name="ordinal"/> (a default value's too), or null.</summary>
    private static IOperation? ArgumentAt(IInvocationOperation invocation, int ordinal)
    {
        foreach (IArgumentOperation argument in invocation.Arguments)
        {
            if (argument.Parameter?.Ordinal == ordinal)
            {
                return argument.Value;
            }
        }

        return null;
    }

    public static IOperation? Argument(IOperation call, string parameterName)
    {
        if (call is IInvalidOperation invalid)
        {
            return UnboundCall.Argument(invalid, parameterName);
        }

        var arguments = call switch
        {
            IInvocationOperation invocation => invocation.Arguments,
            IObjectCreationOperation creation => creation.Arguments,
            _ => default,
        };
        if (arguments.IsDefault)
        {
            return null;
        }

        foreach (IArgumentOperation argument in arguments)
        {
            if (argument.Parameter?.Name == parameterName)
            {
                return argument.Value;
            }
        }

        return null;
    }

    public static IOperation? FirstStringArgument(IInvocationOperation invocation)
    {
        foreach (IArgumentOperation argument in invocation.Arguments)
        {
            if (argument.Parameter?.Type.SpecialType == SpecialType.System_String)
            {
                return argument.Value;
            }
        }

        return null;
    }

    public static int? Constant(IOperation? operation) =>
        operation?.ConstantValue is { HasValue: true, Value: { } value } && value is int or uint or long or bool
            ? value switch
            {
                bool flag => flag ? (int?)FileOptionsAsynchronous : 0,
                uint u => unchecked((int)u),
                long l => unchecked((int)l),
                _ => (int)value,
            }
            : null;

    /// <summary>The operand under every conversion, implicit or a cast: <c>(FileStream)writer.BaseStream</c> is <c>writer.BaseStream</c>.</summary>
    public static IOperation? WithoutConversions(IOperation? operation)
    {
        while (operation is IConversionOperation conversion)
        {
            operation = conversion.Operand;
        }

        return operation;
    }

    public static IOperation Unwrap(IOperation operation)
    {
        while (operation is IConversionOperation { IsImplicit: true } or IParenthesizedOperation)
        {
            operation = operation is IConversionOperation conversion ? conversion.Operand : ((IParenthesizedOperation)operation).Operand;
        }

        return operation;
    }

    // A bool useAsync argument in the options position stands for FileOptions.Asynchronous.
    private const int FileOptionsAsynchronous = 0x40000000;
}
