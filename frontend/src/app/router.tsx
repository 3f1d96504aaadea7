import { useState } from "react";
import { createBrowserRouter, RouterProvider } from "react-router";

import { createRoutes } from "./routes";

/** The browser router; created once, on first render. */
export function AppRouter() {
  const [router] = useState(() => createBrowserRouter(createRoutes()));
  return <RouterProvider router={router} />;
}
