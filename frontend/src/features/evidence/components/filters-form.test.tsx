import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import { AppProvider } from "@/app/provider";
import { createQueryClient } from "@/app/query-client";
import { mockApi } from "@/testing/mock-api";

import { defaultFilters } from "../lib/filters";
import { FiltersForm } from "./filters-form";

describe("the evidence filters", () => {
  it("say they are loading until the measures tell which filters this reader may use", () => {
    mockApi([]);
    render(
      <AppProvider queryClient={createQueryClient()}>
        <FiltersForm
          initial={defaultFilters("2026-12-06")}
          today="2026-12-06"
          filtering={undefined}
          options={undefined}
          onApply={() => undefined}
          onReset={() => undefined}
        />
      </AppProvider>,
    );
    expect(screen.getByTestId("evidence-filters-loading")).toHaveTextContent("Chargement des filtres que vous pouvez utiliser…");
    expect(screen.queryByRole("button", { name: "Appliquer les filtres" })).not.toBeInTheDocument();
  });
});
