// The build task behind LibTorchSharpGlibcxx.targets, compiled by MSBuild's RoslynCodeTaskFactory (netstandard2.0 APIs
// only). The test project compiles this file too, with TORCHSHARP_GLIBCXX_TESTS defined, to test the ELF edit without
// MSBuild. See docs/troubleshooting.md, "TorchSharp on Debian 12".
#nullable enable
#pragma warning disable IDE0005 // RoslynCodeTaskFactory compiles this file without implicit usings; the tests compile it with them.
using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;
#if !TORCHSHARP_GLIBCXX_TESTS
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
#endif

namespace PredictiveMaintenance.Build;

#if !TORCHSHARP_GLIBCXX_TESTS
/// <summary>
/// Gives the build a copy of <c>libLibTorchSharp.so</c> that loads with a libstdc++ older than GCC 13's, when the
/// system's libstdc++ lacks <c>GLIBCXX_3.4.32</c>; otherwise hands the library back unchanged.
/// </summary>
public sealed class PatchLibTorchSharp : Task
{
    /// <summary>The package's <c>libLibTorchSharp.so</c> (a copy-local item; its metadata is kept).</summary>
    [Required]
    public ITaskItem Library { get; set; } = null!;

    /// <summary>Where the patched copy goes (under obj/).</summary>
    [Required]
    public string OutputDirectory { get; set; } = "";

    /// <summary>The libstdc++ files to inspect, first existing wins; empty means the loader's usual places.</summary>
    public string[] SystemLibraries { get; set; } = Array.Empty<string>();

    /// <summary>The item to copy instead of <see cref="Library"/>: the patched copy or the library itself.</summary>
    [Output]
    public ITaskItem? Result { get; set; }

    /// <summary>The patched copy when one was written or reused, for FileWrites.</summary>
    [Output]
    public string? PatchedFile { get; set; }

    public override bool Execute()
    {
        Result = Library;
        string source = Library.GetMetadata("FullPath");
        if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux))
        {
            return true;
        }

        string? libstdcxx = GlibcxxCompat.FindSystemLibstdcxx(SystemLibraries.Length > 0 ? SystemLibraries : GlibcxxCompat.DefaultLibstdcxxCandidates());
        if (libstdcxx == null)
        {
            Log.LogMessage(MessageImportance.Normal, "No libstdc++.so.6 found where the loader looks; {0} is copied unchanged.", source);
            return true;
        }

        bool? hasVersion;
        try
        {
            hasVersion = GlibcxxCompat.DefinesVersion(File.ReadAllBytes(libstdcxx), GlibcxxCompat.RequiredVersion);
        }
        catch (InvalidDataException e)
        {
            Log.LogMessage(MessageImportance.Normal, "{0} cannot be read as ELF ({1}); {2} is copied unchanged.", libstdcxx, e.Message, source);
            return true;
        }

        if (hasVersion != false)
        {
            Log.LogMessage(MessageImportance.Low, "{0} defines {1} (or says nothing about it); {2} is copied unchanged.", libstdcxx, GlibcxxCompat.RequiredVersion, source);
            return true;
        }

        string target = Path.Combine(OutputDirectory, Path.GetFileName(source));
        var sourceInfo = new FileInfo(source);
        var targetInfo = new FileInfo(target);
        if (!targetInfo.Exists || targetInfo.Length != sourceInfo.Length || targetInfo.LastWriteTimeUtc < sourceInfo.LastWriteTimeUtc)
        {
            byte[] image = File.ReadAllBytes(source);
            GlibcxxPatchResult patch;
            try
            {
                patch = GlibcxxCompat.Patch(image);
            }
            catch (InvalidDataException e)
            {
                Log.LogWarning(null, "PDM0001", null, source, 0, 0, 0, 0, "{0} needs {1}, which {2} lacks, and cannot be patched: {3}. TorchSharp will not load on this system; install a libstdc++ from GCC 13 or later.", source, GlibcxxCompat.RequiredVersion, libstdcxx, e.Message);
                return !Log.HasLoggedErrors;
            }

            if (patch == GlibcxxPatchResult.NotNeeded)
            {
                return true;
            }

            Directory.CreateDirectory(OutputDirectory);
            // A fresh file, never the original's inode: the copy-local step may hard-link bin/ to the package cache.
            string temporary = target + ".tmp";
            File.WriteAllBytes(temporary, image);
            if (File.Exists(target))
            {
                File.Delete(target);
            }

            File.Move(temporary, target);
            Log.LogMessage(MessageImportance.High, "{0} lacks {1}: copying {2} with its one reference to that version made weak ({3}).", libstdcxx, GlibcxxCompat.RequiredVersion, Path.GetFileName(source), target);
        }

        var result = new TaskItem(target);
        Library.CopyMetadataTo(result);
        Result = result;
        PatchedFile = target;
        return true;
    }
}
#endif

/// <summary>What <see cref="GlibcxxCompat.Patch"/> did.</summary>
internal enum GlibcxxPatchResult
{
    /// <summary>The library does not ask for the version at all.</summary>
    NotNeeded,

    /// <summary>The requirement and its symbol were already weak.</summary>
    AlreadyPatched,

    /// <summary>The three edits were made.</summary>
    Patched,
}

/// <summary>
/// The ELF edit: GCC 13's headers make every C++ object that includes &lt;iostream&gt; reference
/// <c>std::ios_base_library_init()</c> at version <c>GLIBCXX_3.4.32</c>, which libstdc++ before GCC 13 does not
/// define, so the loader refuses the library although nothing calls that function. Making the reference weak and
/// unversioned, and the version requirement weak (<c>VER_FLG_WEAK</c>), lets glibc's loader accept a missing version
/// and resolve the symbol to null. Three in-place edits; the file keeps its size and layout.
/// </summary>
internal static class GlibcxxCompat
{
    public const string RequiredVersion = "GLIBCXX_3.4.32";
    public const string InitSymbol = "_ZSt21ios_base_library_initv";

    private const uint ShtDynsym = 11;
    private const uint ShtGnuVerdef = 0x6ffffffd;
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const uint ShtGnuVersym = 0x6fffffff;
    private const ushort VerFlgWeak = 0x2;
    private const ushort VerNdxGlobal = 1;
    private const byte StbWeak = 2;
    private const int SymbolSize = 24;

    /// <summary>Where the dynamic loader finds an x86-64 libstdc++: LD_LIBRARY_PATH, then the usual library folders.</summary>
    public static string[] DefaultLibstdcxxCandidates()
    {
        var folders = new List<string>();
        string? ldLibraryPath = Environment.GetEnvironmentVariable("LD_LIBRARY_PATH");
        if (!string.IsNullOrEmpty(ldLibraryPath))
        {
            folders.AddRange(ldLibraryPath!.Split(new[] { ':' }, StringSplitOptions.RemoveEmptyEntries));
        }

        folders.AddRange(new[] { "/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib64", "/usr/lib64", "/lib", "/usr/lib" });
        return folders.ConvertAll(f => Path.Combine(f, "libstdc++.so.6")).ToArray();
    }

    /// <summary>The first candidate that exists and is a 64-bit x86-64 ELF file, or null.</summary>
    public static string? FindSystemLibstdcxx(IEnumerable<string> candidates)
    {
        foreach (string candidate in candidates)
        {
            if (!File.Exists(candidate))
            {
                continue;
            }

            byte[] header = new byte[20];
            using (FileStream file = File.OpenRead(candidate))
            {
                if (file.Read(header, 0, header.Length) != header.Length)
                {
                    continue;
                }
            }

            const ushort EmX8664 = 62;
            if (header[0] == 0x7f && header[1] == (byte)'E' && header[2] == (byte)'L' && header[3] == (byte)'F' && header[4] == 2 && header[5] == 1 && U16(header, 18) == EmX8664)
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>Whether a shared library's version definitions (<c>.gnu.version_d</c>) include a version; null when it has none.</summary>
    public static bool? DefinesVersion(byte[] image, string version)
    {
        Section[] sections = ReadSections(image);
        Section? verdef = Find(sections, ShtGnuVerdef);
        if (verdef == null)
        {
            return null;
        }

        Section strings = sections[verdef.Link];
        long entry = verdef.Offset;
        for (uint i = 0; i < verdef.Info; i++)
        {
            // Elf64_Verdef: vd_version, vd_flags, vd_ndx, vd_cnt (u16 each), vd_hash, vd_aux, vd_next (u32 each).
            uint aux = U32(image, entry + 12);
            uint next = U32(image, entry + 16);
            if (U16(image, entry + 6) > 0 && string.Equals(Name(image, strings, U32(image, entry + aux)), version, StringComparison.Ordinal))
            {
                return true;
            }

            if (next == 0)
            {
                break;
            }

            entry += next;
        }

        return false;
    }

    /// <summary>
    /// Makes the library's need for <see cref="RequiredVersion"/> weak, in place: sets <c>VER_FLG_WEAK</c> on that
    /// <c>.gnu.version_r</c> entry, and gives each dynamic symbol bound to it weak binding and the global version index.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is not a 64-bit little-endian ELF library with version
    /// sections, or symbols other than the undefined <see cref="InitSymbol"/> need the version (then it really needs it).</exception>
    public static GlibcxxPatchResult Patch(byte[] image)
    {
        Section[] sections = ReadSections(image);
        Section verneed = Find(sections, ShtGnuVerneed) ?? throw new InvalidDataException("it has no .gnu.version_r section");
        Section versym = Find(sections, ShtGnuVersym) ?? throw new InvalidDataException("it has no .gnu.version section");
        Section dynsym = Find(sections, ShtDynsym) ?? throw new InvalidDataException("it has no .dynsym section");
        if (versym.Link >= sections.Length || sections[versym.Link] != dynsym || versym.Size != dynsym.Size / SymbolSize * 2)
        {
            throw new InvalidDataException(".gnu.version does not describe .dynsym");
        }

        long flagsOffset = -1;
        ushort versionIndex = 0;
        Section needStrings = sections[verneed.Link];
        long need = verneed.Offset;
        for (uint i = 0; i < verneed.Info && flagsOffset < 0; i++)
        {
            // Elf64_Verneed: vn_version, vn_cnt (u16), vn_file, vn_aux, vn_next (u32); Elf64_Vernaux: vna_hash (u32),
            // vna_flags, vna_other (u16), vna_name, vna_next (u32).
            ushort count = U16(image, need + 2);
            long aux = need + U32(image, need + 8);
            for (ushort j = 0; j < count; j++)
            {
                if (string.Equals(Name(image, needStrings, U32(image, aux + 8)), RequiredVersion, StringComparison.Ordinal))
                {
                    flagsOffset = aux + 4;
                    versionIndex = U16(image, aux + 6);
                    break;
                }

                aux += U32(image, aux + 12);
            }

            need += U32(image, need + 12);
        }

        if (flagsOffset < 0)
        {
            return GlibcxxPatchResult.NotNeeded;
        }

        Section symbolStrings = sections[dynsym.Link];
        var bound = new List<long>();
        var unexpected = new List<string>();
        long symbolCount = dynsym.Size / SymbolSize;
        for (long s = 0; s < symbolCount; s++)
        {
            if ((U16(image, versym.Offset + (s * 2)) & 0x7fff) != versionIndex)
            {
                continue;
            }

            long symbol = dynsym.Offset + (s * SymbolSize);
            string name = Name(image, symbolStrings, U32(image, symbol));
            if (!string.Equals(name, InitSymbol, StringComparison.Ordinal) || U16(image, symbol + 6) != 0)
            {
                unexpected.Add(name);
            }

            bound.Add(s);
        }

        if (unexpected.Count > 0)
        {
            throw new InvalidDataException("it uses " + string.Join(", ", unexpected) + " at that version, not only the undefined " + InitSymbol);
        }

        ushort flags = U16(image, flagsOffset);
        if (bound.Count == 0 && (flags & VerFlgWeak) != 0)
        {
            return GlibcxxPatchResult.AlreadyPatched;
        }

        W16(image, flagsOffset, (ushort)(flags | VerFlgWeak));
        foreach (long s in bound)
        {
            long info = dynsym.Offset + (s * SymbolSize) + 4;
            image[info] = (byte)((StbWeak << 4) | (image[info] & 0xf));
            W16(image, versym.Offset + (s * 2), VerNdxGlobal);
        }

        return GlibcxxPatchResult.Patched;
    }

    private static Section[] ReadSections(byte[] image)
    {
        if (image.Length < 64 || image[0] != 0x7f || image[1] != (byte)'E' || image[2] != (byte)'L' || image[3] != (byte)'F')
        {
            throw new InvalidDataException("not an ELF file");
        }

        if (image[4] != 2 || image[5] != 1)
        {
            throw new InvalidDataException("not a 64-bit little-endian ELF file");
        }

        long tableOffset = (long)U64(image, 0x28);
        ushort entrySize = U16(image, 0x3a);
        ushort count = U16(image, 0x3c);
        if (entrySize < 64 || tableOffset <= 0 || tableOffset + ((long)entrySize * count) > image.Length)
        {
            throw new InvalidDataException("its section header table lies outside the file");
        }

        var sections = new Section[count];
        for (int i = 0; i < count; i++)
        {
            long header = tableOffset + ((long)i * entrySize);
            var section = new Section(U32(image, header + 4), (long)U64(image, header + 24), (long)U64(image, header + 32), U32(image, header + 40), U32(image, header + 44));
            if (section.Type != 8 && (section.Offset < 0 || section.Size < 0 || section.Offset + section.Size > image.Length))
            {
                throw new InvalidDataException("section " + i + " lies outside the file");
            }

            sections[i] = section;
        }

        foreach (Section section in sections)
        {
            if ((section.Type == ShtDynsym || section.Type == ShtGnuVerdef || section.Type == ShtGnuVerneed || section.Type == ShtGnuVersym) && section.Link >= count)
            {
                throw new InvalidDataException("a version or symbol section links to section " + section.Link + " of " + count);
            }
        }

        return sections;
    }

    private static Section? Find(Section[] sections, uint type)
    {
        foreach (Section section in sections)
        {
            if (section.Type == type)
            {
                return section;
            }
        }

        return null;
    }

    private static string Name(byte[] image, Section strings, uint offset)
    {
        long start = strings.Offset + offset;
        long end = start;
        long limit = strings.Offset + strings.Size;
        while (end < limit && image[end] != 0)
        {
            end++;
        }

        if (start >= limit || end == limit)
        {
            throw new InvalidDataException("a name lies outside its string table");
        }

        return Encoding.ASCII.GetString(image, (int)start, (int)(end - start));
    }

    private static ushort U16(byte[] b, long o) => (ushort)(b[o] | (b[o + 1] << 8));

    private static uint U32(byte[] b, long o) => (uint)(b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24));

    private static ulong U64(byte[] b, long o) => U32(b, o) | ((ulong)U32(b, o + 4) << 32);

    private static void W16(byte[] b, long o, ushort value)
    {
        b[o] = (byte)value;
        b[o + 1] = (byte)(value >> 8);
    }

    private sealed class Section
    {
        public Section(uint type, long offset, long size, uint link, uint info)
        {
            Type = type;
            Offset = offset;
            Size = size;
            Link = link;
            Info = info;
        }

        public uint Type { get; }

        public long Offset { get; }

        public long Size { get; }

        public uint Link { get; }

        public uint Info { get; }
    }
}
