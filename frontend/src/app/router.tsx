import { useState } from "react";
import { createBrowserRouter, RouterProvider } from "react-router";

import { routes } from "./routes";

/** The browser router; created once, on first render. */
export function AppRouter() {
  const [router] = useState(() => createBrowserRouter(routes));
  return <RouterProvider router={router} />;
}
