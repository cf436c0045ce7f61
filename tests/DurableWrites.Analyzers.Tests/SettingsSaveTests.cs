using System.Linq;
using System.Threading.Tasks;
using DurableWrites.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;

namespace DurableWrites.Analyzers.Tests;

/// <summary>
/// DUR004 for System.Configuration's saves: <c>Properties.Settings.Default.Save()</c> and <c>Configuration.Save()</c>
/// write a temporary file and rename it over the config file without flushing it (an empty user.config after a power
/// cut). Nothing names the file they write, so no fix is offered.
/// </summary>
public class SettingsSaveTests
{
    private static Project Project(string source) =>
        AllRules.CreateProject("""
            using System.Configuration;

            """ + source).AddMetadataReference(TestReferences.ConfigurationManager);


    [Fact]
    public async Task SavesOfSettingsAndConfigurations_AreReported_WithNoFix()
    {
        Project project = Project("""
            namespace MyApp.Properties
            {
                internal sealed class Settings : ApplicationSettingsBase
                {
                    public static Settings Default { get; } = (Settings)Synchronized(new Settings());

                    [UserScopedSetting]
                    public string LastFolder { get => (string)this[nameof(LastFolder)]; set => this[nameof(LastFolder)] = value; }
                }
            }

            namespace MyApp
            {
                class MainWindow
                {
                    void OnClosing(string folder)
                    {
                        Properties.Settings.Default.LastFolder = folder;
                        Properties.Settings.Default.Save();
                    }

                    void SaveAppSetting(string key, string value)
                    {
                        Configuration config = ConfigurationManager.OpenExeConfiguration(ConfigurationUserLevel.None);
                        config.AppSettings.Settings[key].Value = value;
                        config.Save(ConfigurationSaveMode.Modified);
                    }

                    void Export(Configuration config, string path) => config.SaveAs(path);

                    void Reload() => Properties.Settings.Default.Reload();
                }
            }
            """);

        Assert.Equal(
            new[]
            {
                "DUR004: 'Settings.Save' writes 'user.config' without flushing it to disk: after a crash or power cut the file can be empty or partly written",
                "DUR004: 'Configuration.Save' writes 'config.FilePath' without flushing it to disk: after a crash or power cut the file can be empty or partly written",
                "DUR004: 'Configuration.SaveAs' writes 'path' without flushing it to disk: after a crash or power cut the file can be empty or partly written",
            },
            await AllRules.MessagesAsync(project));
        Assert.Empty(await AllRules.OffersAsync(project));
    }

    [Fact]
    public async Task SettingsWithAProviderOfTheirOwn_AreNotSaidToWriteUserConfig()
    {
        Project project = Project("""
            class PortableSettingsProvider : LocalFileSettingsProvider
            {
            }

            [SettingsProvider(typeof(PortableSettingsProvider))]
            sealed class PortableSettings : ApplicationSettingsBase
            {
                public static PortableSettings Default { get; } = new PortableSettings();
            }

            class Window
            {
                void OnClosing() => PortableSettings.Default.Save();
            }
            """);

        Assert.Equal(
            new[] { "DUR004: 'PortableSettings.Save' writes 'the store of its settings provider' without flushing it to disk: after a crash or power cut the file can be empty or partly written" },
            await AllRules.MessagesAsync(project));
    }

    [Fact]
    public async Task OtherTypesSaves_AreNotSettingsSaves()
    {
        Project project = Project("""
            class Document
            {
                public void Save() { }
            }

            class Editor
            {
                void Close(Document document)
                {
                    document.Save();
                    ConfigurationManager.OpenExeConfiguration(ConfigurationUserLevel.PerUserRoamingAndLocal).Save();
                }
            }
            """);

        Assert.Equal(
            new[] { "DUR004: 'Configuration.Save' writes 'the configuration file' without flushing it to disk: after a crash or power cut the file can be empty or partly written" },
            await AllRules.MessagesAsync(project));
    }
}
