using System;
using System.Globalization;

namespace DbScoring.Store
{
    /// <summary>
    /// Names one version of a model: <c>churn@production</c> (an alias), <c>churn:3</c> (a pinned version number) or
    /// <c>churn</c> (short for <c>churn@production</c>, like the SQL procedures' default <c>@Alias = N'production'</c>).
    /// </summary>
    public sealed class ModelRef
    {
        /// <summary>The alias every bare model name stands for.</summary>
        public const string DefaultAlias = "production";

        private ModelRef(string model, string? alias, int? version)
        {
            Model = model;
            Alias = alias;
            Version = version;
        }

        /// <summary>Model name.</summary>
        public string Model { get; }

        /// <summary>Alias name; null when <see cref="Version"/> is pinned.</summary>
        public string? Alias { get; }

        /// <summary>Pinned version number (1 or more); null when an alias is used.</summary>
        public int? Version { get; }

        /// <summary>A reference through an alias.</summary>
        public static ModelRef ForAlias(string model, string alias)
        {
            StoreNames.CheckModel(model, nameof(model));
            StoreNames.CheckAlias(alias, nameof(alias));
            return new ModelRef(model, alias, null);
        }

        /// <summary>A reference to a pinned version number (1 or more).</summary>
        public static ModelRef ForVersion(string model, int version)
        {
            StoreNames.CheckModel(model, nameof(model));
            if (version < 1) throw new ArgumentOutOfRangeException(nameof(version), version, "Version numbers start at 1.");
            return new ModelRef(model, null, version);
        }

        /// <summary>Parses <c>model@alias</c>, <c>model:version</c> or <c>model</c>; throws <see cref="ArgumentException"/> otherwise.</summary>
        public static ModelRef Parse(string text)
        {
            if (text == null) throw new ArgumentNullException(nameof(text));
            string t = text.Trim();
            int at = t.IndexOf('@');
            int colon = t.IndexOf(':');
            if (at >= 0 && colon >= 0)
                throw new ArgumentException($"'{text}' names both an alias and a version; write model@alias or model:version.", nameof(text));
            if (at >= 0) return ForAlias(t.Substring(0, at), t.Substring(at + 1));
            if (colon >= 0)
            {
                string number = t.Substring(colon + 1);
                if (!int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out int version) || version < 1)
                    throw new ArgumentException($"'{text}': the version after ':' must be a whole number from 1 (model:version).", nameof(text));
                return ForVersion(t.Substring(0, colon), version);
            }
            return ForAlias(t, DefaultAlias);
        }

        /// <summary><c>model@alias</c> or <c>model:version</c>.</summary>
        public override string ToString() => Version.HasValue
            ? Model + ":" + Version.Value.ToString(CultureInfo.InvariantCulture)
            : Model + "@" + Alias;
    }
}
