//! The app and version the screenshots go to (`GET /v1/apps`, `GET /v1/apps/{id}/versions`);
//! versions that cannot take screenshots are shown but cannot be picked.

import { h, replace } from "../dom";
import type { Store } from "../store";

export interface AppActions {
  selectApp(appId: string): void;
  selectVersion(versionId: string): void;
}

export function appPicker(store: Store, actions: AppActions): HTMLElement {
  const app = h("select", { test: "app-select", on: { change: () => actions.selectApp(app.value) } });
  const version = h("select", { test: "version-select", on: { change: () => actions.selectVersion(version.value) } });
  const message = h("p", { class: "hint" });

  store.subscribe((s) => {
    replace(
      app,
      h("option", { value: "" }, s.apps.length ? "Choose an app…" : "No apps yet"),
      ...s.apps.map((a) => h("option", { value: a.id, selected: a.id === s.appId }, `${a.name} (${a.bundleId})`)),
    );
    app.value = s.appId ?? "";
    replace(
      version,
      h("option", { value: "" }, s.versions.length ? "Choose a version…" : "—"),
      ...s.versions.map((v) =>
        h(
          "option",
          { value: v.id, disabled: !v.editable, selected: v.id === s.versionId },
          `${v.platform} ${v.versionString} · ${v.state.toLowerCase().replace(/_/g, " ")}${v.editable ? "" : " (locked)"}`,
        ),
      ),
    );
    version.value = s.versionId ?? "";
    app.disabled = s.connection.state !== "connected";
    version.disabled = !s.appId;
    replace(message, s.appsError ?? "");
    message.classList.toggle("error", Boolean(s.appsError));
  });
  return h("section", { test: "app-picker" }, h("h2", {}, "App"), app, version, message);
}
