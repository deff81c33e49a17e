//! The plugin's main thread: opens the panel and answers its requests. Everything that talks
//! to the network lives in the panel; this side only reads and changes the document.

import { serveRequests } from "./handlers";

figma.showUI(__html__, { width: 380, height: 680, themeColors: true, title: "Shotbridge" });
serveRequests();
