suppressMessages({library(jsonlite); library(car); library(nortest)})
# run from tests/reference-data:  Rscript ../stats/data/r_crosscheck.R OUT.json
args <- commandArgs(trailingOnly = TRUE)
out <- list()
H <- function(key, expr) {
  call <- paste(deparse(substitute(expr), width.cutoff = 500L), collapse = " ")
  r <- withCallingHandlers(eval(substitute(expr), parent.frame()),
                           warning = function(w) invokeRestart("muffleWarning"))
  v <- list(call = call)
  for (f in c("statistic", "parameter", "p.value", "conf.int", "estimate", "null.value", "stderr",
              "expected", "residuals", "stdres", "method", "alternative")) {
    if (!is.null(r[[f]])) v[[gsub(".", "_", f, fixed = TRUE)]] <- unname(unclass(r[[f]]))
  }
  out[[key]] <<- v
}
P <- function(key, expr) {  # power.htest
  call <- paste(deparse(substitute(expr), width.cutoff = 500L), collapse = " ")
  r <- eval(substitute(expr), parent.frame())
  v <- list(call = call)
  for (f in c("n", "delta", "sd", "power", "p1", "p2", "between.var", "within.var", "groups"))
    if (!is.null(r[[f]])) v[[gsub(".", "_", f, fixed = TRUE)]] <- r[[f]]
  out[[key]] <<- v
}
ht <- read.csv("cs_handle_times.csv")
A <- ht$handle_time_sec[ht$team == "Alpha"]
B <- ht$handle_time_sec[ht$team == "Bravo"]
C <- ht$handle_time_sec[ht$team == "Charlie"]
AB <- droplevels(subset(transform(ht, team = factor(team)), team %in% c("Alpha", "Bravo")))
cpo <- read.csv("cs_cpo_before_after.csv")
ag <- read.csv("cs_agents.csv")
fcr <- read.csv("cs_fcr_by_team.csv")
ch <- read.csv("cs_channel_outcome.csv")
esc <- read.csv("cs_escalation_2x2.csv")
cr <- read.csv("cs_contact_rates.csv")
daily <- read.csv("cs_daily_aht.csv")
sub <- read.csv("cs_subgroup_handle_times.csv")
desc <- read.csv("cs_daily_escalations.csv")
qa <- read.csv("cs_qa_audit.csv")

## means
H("t1", t.test(A, mu = 420))
H("t1_less", t.test(A, mu = 420, alternative = "less", conf.level = 0.9))
H("t1_daily", t.test(daily$aht_sec, mu = 450))
H("welch_AB", t.test(A, B))
H("welch_AB_greater", t.test(A, B, alternative = "greater", mu = -20))
H("pooled_AB", t.test(A, B, var.equal = TRUE))
H("pooled_AC_less", t.test(A, C, var.equal = TRUE, alternative = "less", conf.level = 0.99))
H("welch_daily_phase", t.test(daily$aht_sec[daily$phase1], daily$aht_sec[!daily$phase1]))
H("paired_cpo", t.test(cpo$cpo_before, cpo$cpo_after, paired = TRUE))
H("paired_cpo_greater", t.test(cpo$cpo_before, cpo$cpo_after, paired = TRUE, alternative = "greater"))
## variances
H("var_AB", var.test(A, B))
H("var_AC_less", var.test(A, C, alternative = "less"))
H("var_cpo", var.test(cpo$cpo_before, cpo$cpo_after))
H("bartlett_team", bartlett.test(handle_time_sec ~ team, data = ht))
H("bartlett_day", bartlett.test(handle_time_sec ~ day, data = sub))
lev <- function(...) { r <- leveneTest(...); list(statistic = r[1, "F value"], parameter = c(r[1, "Df"], r[2, "Df"]), p.value = r[1, "Pr(>F)"]) }
H("levene_median_team", lev(handle_time_sec ~ factor(team), data = ht, center = median))
H("levene_mean_team", lev(handle_time_sec ~ factor(team), data = ht, center = mean))
H("levene_median_AB", lev(handle_time_sec ~ team, data = AB, center = median))
H("levene_mean_AB", lev(handle_time_sec ~ team, data = AB, center = mean))
H("levene_median_day", lev(handle_time_sec ~ factor(day), data = sub, center = median))
## several groups
H("oneway_welch", oneway.test(handle_time_sec ~ team, data = ht))
H("oneway_equal", oneway.test(handle_time_sec ~ team, data = ht, var.equal = TRUE))
fit <- aov(handle_time_sec ~ team, data = ht)
s <- summary(fit)[[1]]
tk <- TukeyHSD(fit, conf.level = 0.95)$team
out$aov_team <- list(call = "summary(aov(handle_time_sec ~ team, data = ht)); TukeyHSD(aov(...))$team",
  df = s$Df, sum_sq = s$`Sum Sq`, mean_sq = s$`Mean Sq`, f = s$`F value`[1], p = s$`Pr(>F)`[1],
  tukey_pairs = rownames(tk), tukey_diff = unname(tk[, "diff"]), tukey_lwr = unname(tk[, "lwr"]),
  tukey_upr = unname(tk[, "upr"]), tukey_padj = unname(tk[, "p adj"]))
tk90 <- TukeyHSD(fit, conf.level = 0.90)$team
out$tukey90 <- list(call = "TukeyHSD(aov(handle_time_sec ~ team, data = ht), conf.level = 0.90)$team",
  lwr = unname(tk90[, "lwr"]), upr = unname(tk90[, "upr"]))
fitd <- aov(handle_time_sec ~ factor(day), data = sub); sd <- summary(fitd)[[1]]
out$aov_day <- list(call = "summary(aov(handle_time_sec ~ factor(day), data = sub))", df = sd$Df,
  sum_sq = sd$`Sum Sq`, f = sd$`F value`[1], p = sd$`Pr(>F)`[1])
gh <- rstatix::games_howell_test(ht, handle_time_sec ~ team, conf.level = 0.95)
out$games_howell <- list(call = "rstatix::games_howell_test(ht, handle_time_sec ~ team, conf.level = 0.95)",
  group1 = gh$group1, group2 = gh$group2, estimate = gh$estimate, conf_low = gh$conf.low, conf_high = gh$conf.high, p_adj = gh$p.adj)
H("mood_team", chisq.test(table(ht$team, ht$handle_time_sec > median(ht$handle_time_sec))))
H("mood_day", chisq.test(table(sub$day, sub$handle_time_sec > median(sub$handle_time_sec))))
H("kruskal_team", kruskal.test(handle_time_sec ~ team, data = ht))
H("kruskal_day", kruskal.test(handle_time_sec ~ day, data = sub))
## nonparametric (ties -> normal approximation in R)
H("wilcox_AB", wilcox.test(A, B, conf.int = TRUE))
H("wilcox_AB_exact_ties", wilcox.test(A, B, conf.int = TRUE, exact = TRUE))
H("signrank_paired_cpo_exact_ties", wilcox.test(cpo$cpo_before, cpo$cpo_after, paired = TRUE, conf.int = TRUE, exact = TRUE))
H("wilcox_AB_nocorrect", wilcox.test(A, B, conf.int = TRUE, correct = FALSE))
H("wilcox_AC_less", wilcox.test(A, C, conf.int = TRUE, alternative = "less", mu = -10))
H("wilcox_cpo_unpaired", wilcox.test(cpo$cpo_before, cpo$cpo_after, conf.int = TRUE))
hi <- ag$aht_sec[ag$complexity_score > 3]; lo <- ag$aht_sec[ag$complexity_score <= 3]
H("wilcox_exact_agents", wilcox.test(hi, lo, conf.int = TRUE))
H("wilcox_exact_agents_greater", wilcox.test(hi, lo, conf.int = TRUE, alternative = "greater", conf.level = 0.9))
H("wilcox_normal_agents", wilcox.test(hi, lo, conf.int = TRUE, exact = FALSE))
H("signrank_paired_cpo", wilcox.test(cpo$cpo_before, cpo$cpo_after, paired = TRUE, conf.int = TRUE))
H("signrank_exact_hi", wilcox.test(hi, mu = 500, conf.int = TRUE))
H("signrank_exact_hi_less", wilcox.test(hi, mu = 500, conf.int = TRUE, alternative = "less"))
H("signrank_normal_hi", wilcox.test(hi, mu = 500, conf.int = TRUE, exact = FALSE))
H("signrank_daily", wilcox.test(daily$aht_sec, mu = 450, conf.int = TRUE))
H("sign_cpo", binom.test(sum(cpo$cpo_before > cpo$cpo_after), sum(cpo$cpo_before != cpo$cpo_after)))
## proportions
H("prop3_fcr", prop.test(fcr$resolved, fcr$total))
H("prop2_fcr", prop.test(fcr$resolved[1:2], fcr$total[1:2]))
H("prop2_fcr_nocorrect", prop.test(fcr$resolved[1:2], fcr$total[1:2], correct = FALSE))
H("prop2_fcr_greater", prop.test(fcr$resolved[1:2], fcr$total[1:2], alternative = "greater"))
H("prop2_fcr_AC_less_nc", prop.test(fcr$resolved[c(1, 3)], fcr$total[c(1, 3)], alternative = "less", correct = FALSE))
H("prop1_fcr", prop.test(172, 200, p = 0.8))
H("prop1_fcr_nocorrect", prop.test(172, 200, p = 0.8, correct = FALSE))
H("prop1_fcr_greater", prop.test(172, 200, p = 0.8, alternative = "greater"))
H("binom_fcr", binom.test(172, 200, p = 0.8))
H("binom_fcr_greater", binom.test(172, 200, p = 0.8, alternative = "greater"))
H("binom_bravo", binom.test(151, 190, p = 0.85))
H("esc_prop2", prop.test(c(14, 7), c(100, 100)))
## tables
tab <- xtabs(count ~ channel + outcome, data = ch)
out$tab_dimnames <- dimnames(tab)
H("chisq_channel", chisq.test(xtabs(count ~ channel + outcome, data = ch)))
t2 <- xtabs(count ~ channel + escalated, data = esc)
out$t2_dimnames <- dimnames(t2)
H("chisq_esc", chisq.test(xtabs(count ~ channel + escalated, data = esc)))
H("chisq_esc_nocorrect", chisq.test(xtabs(count ~ channel + escalated, data = esc), correct = FALSE))
H("fisher_esc", fisher.test(xtabs(count ~ channel + escalated, data = esc)))
H("fisher_esc_greater", fisher.test(xtabs(count ~ channel + escalated, data = esc), alternative = "greater"))
H("fisher_esc_less", fisher.test(xtabs(count ~ channel + escalated, data = esc), alternative = "less", conf.level = 0.9))
H("chisq_gof_channel", chisq.test(c(475, 258, 638)))
H("chisq_gof_channel_p", chisq.test(c(475, 258, 638), p = c(0.35, 0.2, 0.45)))
H("chisq_gof_fcr", chisq.test(fcr$resolved, p = fcr$total / sum(fcr$total)))
## rates
H("pois1", poisson.test(120, 1000, r = 0.1))
H("pois1_after_less", poisson.test(95, 1050, r = 0.12, alternative = "less"))
H("pois2_after_before", poisson.test(c(95, 120), c(1050, 1000)))
H("pois2_after_before_less", poisson.test(c(95, 120), c(1050, 1000), alternative = "less"))
H("pois2_before_after", poisson.test(c(120, 95), c(1000, 1050), r = 1.1))
## correlation / regression
H("pearson_aht_tenure", cor.test(ag$aht_sec, ag$tenure_months))
H("pearson_aht_complexity_greater", cor.test(ag$aht_sec, ag$complexity_score, alternative = "greater", conf.level = 0.9))
H("spearman_aht_tenure", cor.test(ag$aht_sec, ag$tenure_months, method = "spearman"))
H("spearman_csat_tickets", cor.test(ag$csat, ag$tickets_per_day, method = "spearman"))
H("spearman_aht_csat_less", cor.test(ag$aht_sec, ag$csat, method = "spearman", alternative = "less"))
L <- function(key, formula) {
  m <- lm(formula, data = ag); s <- summary(m); a <- anova(m); ci <- confint(m)
  out[[key]] <<- list(call = paste0("lm(", deparse(formula), ", data = ag); summary(); anova(); confint(); car::vif()"),
    terms = rownames(s$coefficients), coef = unname(s$coefficients[, 1]), se = unname(s$coefficients[, 2]),
    t = unname(s$coefficients[, 3]), p = unname(s$coefficients[, 4]), ci_lo = unname(ci[, 1]), ci_hi = unname(ci[, 2]),
    r2 = s$r.squared, adj_r2 = s$adj.r.squared, sigma = s$sigma, f = unname(s$fstatistic[1]),
    f_df = unname(s$fstatistic[2:3]), f_p = unname(pf(s$fstatistic[1], s$fstatistic[2], s$fstatistic[3], lower.tail = FALSE)),
    anova_terms = rownames(a), anova_df = a$Df, anova_ss = a$`Sum Sq`, anova_f = a$`F value`, anova_p = a$`Pr(>F)`,
    vif = if (length(coef(m)) > 2) unname(vif(m)) else NULL, resid = unname(resid(m)), hat = unname(hatvalues(m)),
    stdres = unname(rstandard(m)), cooks = unname(cooks.distance(m)))
}
L("lm_simple", aht_sec ~ tenure_months)
L("lm_multi", aht_sec ~ tenure_months + complexity_score + tickets_per_day)
ag$high_csat <- ag$csat >= 4.3
g <- glm(high_csat ~ tenure_months + complexity_score, family = binomial, data = ag)
sg <- summary(g)
out$glm <- list(call = "glm(I(csat >= 4.3) ~ tenure_months + complexity_score, family = binomial, data = ag)",
  coef = unname(sg$coefficients[, 1]), se = unname(sg$coefficients[, 2]), z = unname(sg$coefficients[, 3]),
  p = unname(sg$coefficients[, 4]), deviance = g$deviance, null_deviance = g$null.deviance, aic = g$aic,
  ci_wald_lo = unname(confint.default(g)[, 1]), ci_wald_hi = unname(confint.default(g)[, 2]),
  lr_stat = g$null.deviance - g$deviance, lr_p = pchisq(g$null.deviance - g$deviance, 2, lower.tail = FALSE))
gt <- glm(high_csat ~ tenure_months + complexity_score, family = binomial, data = ag, control = glm.control(epsilon = 1e-14, maxit = 100))
sgt <- summary(gt)
out$glm_tight <- list(call = "glm(I(csat >= 4.3) ~ tenure_months + complexity_score, family = binomial, data = ag, control = glm.control(epsilon = 1e-14, maxit = 100))",
  coef = unname(sgt$coefficients[, 1]), se = unname(sgt$coefficients[, 2]), z = unname(sgt$coefficients[, 3]),
  p = unname(sgt$coefficients[, 4]), deviance = gt$deviance, aic = gt$aic,
  lr_stat = gt$null.deviance - gt$deviance, lr_p = pchisq(gt$null.deviance - gt$deviance, 2, lower.tail = FALSE))
## normality
H("shapiro_A", shapiro.test(A))
H("shapiro_all", shapiro.test(ht$handle_time_sec))
H("shapiro_daily", shapiro.test(daily$aht_sec))
H("shapiro_cpo_diff", shapiro.test(cpo$cpo_before - cpo$cpo_after))
H("shapiro_sub", shapiro.test(sub$handle_time_sec))
H("ad_A", ad.test(A))
H("ad_all", ad.test(ht$handle_time_sec))
H("ad_daily", ad.test(daily$aht_sec))
H("ad_cpo_diff", ad.test(cpo$cpo_before - cpo$cpo_after))
H("ad_aht", ad.test(ag$aht_sec))
H("ad_sub", ad.test(sub$handle_time_sec))
H("lillie_A", lillie.test(A))
H("lillie_aht", lillie.test(ag$aht_sec))
## p-chart / u-chart phases as 2-sample comparisons
H("esc_phase_prop", prop.test(c(sum(desc$escalations[desc$phase1]), sum(desc$escalations[!desc$phase1])), c(sum(desc$tickets[desc$phase1]), sum(desc$tickets[!desc$phase1]))))
H("qa_phase_pois", poisson.test(c(sum(qa$errors[qa$phase1]), sum(qa$errors[!qa$phase1])), c(sum(qa$audited[qa$phase1]), sum(qa$audited[!qa$phase1]))))
## power
P("pt_power", power.t.test(n = 20, delta = 50, sd = 80))
P("pt_n", power.t.test(delta = 50, sd = 80, power = 0.9))
P("pt_n_tight", power.t.test(delta = 50, sd = 80, power = 0.9, tol = 1e-12))
P("pt_delta", power.t.test(n = 30, sd = 80, power = 0.8))
P("pt_delta_tight", power.t.test(n = 30, sd = 80, power = 0.8, tol = 1e-12))
P("pt_n_one", power.t.test(delta = 0.01, sd = 0.014, power = 0.8, type = "one.sample"))
P("pt_n_one_tight", power.t.test(delta = 0.01, sd = 0.014, power = 0.8, type = "one.sample", tol = 1e-12))
P("pt_n_paired_1s", power.t.test(delta = 0.01, sd = 0.014, power = 0.9, type = "paired", alternative = "one.sided"))
P("pt_n_paired_1s_tight", power.t.test(delta = 0.01, sd = 0.014, power = 0.9, type = "paired", alternative = "one.sided", tol = 1e-12))
P("pt_power_strict", power.t.test(n = 10, delta = 0.5, sd = 1, strict = TRUE))
P("pt_n_strict_tight", power.t.test(delta = 0.5, sd = 1, power = 0.8, strict = TRUE, tol = 1e-12))
P("pt_delta_one_1s_tight", power.t.test(n = 15, sd = 2, power = 0.85, type = "one.sample", alternative = "one.sided", tol = 1e-12))
P("pp_power", power.prop.test(n = 200, p1 = 0.86, p2 = 0.79))
P("pp_n", power.prop.test(p1 = 0.86, p2 = 0.8, power = 0.9))
P("pp_n_tight", power.prop.test(p1 = 0.86, p2 = 0.8, power = 0.9, tol = 1e-12))
P("pp_p2", power.prop.test(n = 500, p1 = 0.86, power = 0.8))
P("pp_p2_tight", power.prop.test(n = 500, p1 = 0.86, power = 0.8, tol = 1e-12))
P("pp_n_1s_strict_tight", power.prop.test(p1 = 0.12, p2 = 0.09, power = 0.8, alternative = "one.sided", strict = TRUE, tol = 1e-12))
P("pa_power", power.anova.test(groups = 3, n = 40, between.var = 1000, within.var = 6400))
P("pa_n", power.anova.test(groups = 3, between.var = 1000, within.var = 6400, power = 0.9))
P("pa_between", power.anova.test(groups = 4, n = 20, within.var = 6400, power = 0.8))
out$versions <- list(R = R.version.string, rstatix = as.character(packageVersion("rstatix")), car = as.character(packageVersion("car")), nortest = as.character(packageVersion("nortest")))
num17 <- function(x) if (is.list(x)) lapply(x, num17) else if (is.numeric(x)) ifelse(is.na(x), "NA", sprintf("%.17g", x)) else x
out <- lapply(out, num17)
writeLines(toJSON(out, digits = I(17), auto_unbox = TRUE, null = "null", na = "null"), args[1])
