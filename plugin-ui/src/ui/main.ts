//! The panel's entry: builds the components, wires them to the controller, and starts by
//! looking for the bridge.

import { appPicker } from "./components/app-picker";
import { connectView } from "./components/connect-view";
import { credentialsView } from "./components/credentials-view";
import { localePicker } from "./components/locale-picker";
import { runPanel } from "./components/run-panel";
import { translationOptions } from "./components/translation-options";
import { h } from "./dom";
import { MainRpc } from "./main-rpc";
import { PanelController } from "./panel-controller";
import { initialState, Store } from "./store";

const store = new Store(initialState());
const controller = new PanelController(store, new MainRpc());

const root = document.getElementById("app") ?? document.body;
root.append(
  h("header", {}, h("h1", {}, "Shotbridge")),
  connectView(store, {
    retry: () => void controller.connect(),
    pair: (token) => void controller.pair(token),
    forget: () => void controller.forget(),
  }),
  credentialsView(store, { send: (c) => controller.sendCredentials(c) }),
  appPicker(store, {
    selectApp: (id) => void controller.selectApp(id),
    selectVersion: (id) => controller.selectVersion(id),
  }),
  localePicker(store, { setTargets: (c) => controller.setTargets(c), setSource: (c) => controller.setSource(c) }),
  translationOptions(store, { setProvider: (p) => controller.setProvider(p), saveGlossary: (g) => controller.saveGlossary(g) }),
  runPanel(store, {
    localize: () => void controller.localize(),
    upload: () => void controller.upload(),
    cancel: () => controller.cancel(),
  }),
);

void controller.start();
